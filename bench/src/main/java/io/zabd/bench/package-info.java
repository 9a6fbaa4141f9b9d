/** JMH micro-benchmarks and the end-to-end load driver. */
package io.zabd.bench;
