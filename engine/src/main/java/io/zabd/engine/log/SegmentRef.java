package io.zabd.engine.log;

import java.nio.file.Path;

/**
 * Immutable description of one segment's durable records, as published to readers.
 *
 * @param dataEnd offset just after the last durable record
 */
record SegmentRef(Path path, long firstZxid, long lastZxid, int dataEnd, int recordCount) {}
