package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Goal: children kept in a hash set still read back sorted, and a list handed out never changes afterwards. */
class DataNodeTest {
    private static DataNode node() {
        return new DataNode(new byte[0], 0, new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void childrenReadBackSortedAfterAnyMixOfAddsAndRemoves() {
        DataNode n = node();
        TreeSet<String> model = new TreeSet<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String name = "c" + rnd.nextInt(800);
            if (rnd.nextInt(3) == 0) {
                assertEquals(model.remove(name), n.removeChild(name));
            } else {
                model.add(name);
                n.addChild(name);
            }
            if (i % 97 == 0) {
                assertEquals(new ArrayList<>(model), n.sortedChildren());
            }
            assertEquals(model.size(), n.childCount());
        }
        assertEquals(new ArrayList<>(model), n.sortedChildren());
    }

    @Test
    void aListHandedOutIsNotChangedByLaterAddsAndIsReusedUntilThen() {
        DataNode n = node();
        List<String> names = new ArrayList<>(List.of("b", "a", "d", "c"));
        Collections.shuffle(names, new Random(1));
        names.forEach(n::addChild);
        List<String> first = n.sortedChildren();
        assertEquals(List.of("a", "b", "c", "d"), first);
        assertSame(first, n.sortedChildren(), "no change, no new sort");
        n.addChild("aa");
        assertEquals(List.of("a", "b", "c", "d"), first, "the list handed out before the add");
        assertEquals(List.of("a", "aa", "b", "c", "d"), n.sortedChildren());
        assertFalse(n.removeChild("zz"));
        assertTrue(n.removeChild("aa"));
        assertEquals(List.of("a", "b", "c", "d"), n.sortedChildren());
        assertEquals(List.of(), node().sortedChildren());
    }
}
