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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goal: children kept in a hash set, by full path, still read back as names, sorted, under the root
 * and under a nested node; a list handed out never changes afterwards.
 */
class DataNodeTest {
    private static DataNode node(String path) {
        DataNode n = new DataNode(new byte[0], 0, new StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0));
        n.path = path;
        return n;
    }

    private static DataNode node() {
        return node("/p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/p", "/p/q-r"})
    void childrenReadBackSortedAfterAnyMixOfAddsAndRemoves(String parent) {
        DataNode n = node(parent);
        String prefix = parent.equals("/") ? "/" : parent + "/";
        TreeSet<String> model = new TreeSet<>();
        Random rnd = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String name = "c" + rnd.nextInt(800);
            if (rnd.nextInt(3) == 0) {
                assertEquals(model.remove(name), n.removeChild(prefix + name));
            } else {
                model.add(name);
                n.addChild(prefix + name);
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
        names.forEach(name -> n.addChild("/p/" + name));
        List<String> first = n.sortedChildren();
        assertEquals(List.of("a", "b", "c", "d"), first);
        assertSame(first, n.sortedChildren(), "no change, no new sort");
        n.addChild("/p/aa");
        assertEquals(List.of("a", "b", "c", "d"), first, "the list handed out before the add");
        assertEquals(List.of("a", "aa", "b", "c", "d"), n.sortedChildren());
        assertFalse(n.removeChild("/p/zz"));
        assertTrue(n.removeChild("/p/aa"));
        assertEquals(List.of("a", "b", "c", "d"), n.sortedChildren());
        assertEquals(List.of(), node().sortedChildren());
    }
}
