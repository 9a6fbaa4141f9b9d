package io.zabd.engine.log;

import java.util.List;

/**
 * What readers may see: the segments holding durable records, oldest first. Published by the writer
 * (a volatile write) after every force, truncation and purge; never changed afterwards.
 */
record LogView(List<SegmentRef> closed, SegmentRef active, long durableZxid) {
    static final LogView EMPTY = new LogView(List.of(), null, 0);

    int segmentCount() {
        return closed.size() + (active == null ? 0 : 1);
    }

    SegmentRef segment(int index) {
        return index < closed.size() ? closed.get(index) : active;
    }
}
