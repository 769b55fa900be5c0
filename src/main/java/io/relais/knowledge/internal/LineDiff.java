package io.relais.knowledge.internal;

import io.relais.knowledge.KbRecords.DiffLine;
import io.relais.knowledge.KbRecords.DiffOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) of two texts. Common head and tail lines are matched first, so
 * the table covers only the changed middle; past {@link #MAX_CELLS} the middle is shown as removed then
 * added, which stays correct, only less fine.
 */
public final class LineDiff {
    static final long MAX_CELLS = 1_000_000;

    private LineDiff() {}

    public static List<DiffLine> diff(String before, String after) {
        var a = lines(before);
        var b = lines(after);
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        var out = new ArrayList<DiffLine>();
        for (int i = 0; i < head; i++) {
            out.add(new DiffLine(DiffOp.SAME, a.get(i)));
        }
        var midA = a.subList(head, a.size() - tail);
        var midB = b.subList(head, b.size() - tail);
        if ((long) midA.size() * midB.size() > MAX_CELLS) {
            midA.forEach(l -> out.add(new DiffLine(DiffOp.REMOVED, l)));
            midB.forEach(l -> out.add(new DiffLine(DiffOp.ADDED, l)));
        } else {
            lcs(midA, midB, out);
        }
        for (int i = a.size() - tail; i < a.size(); i++) {
            out.add(new DiffLine(DiffOp.SAME, a.get(i)));
        }
        return out;
    }

    private static void lcs(List<String> a, List<String> b, List<DiffLine> out) {
        int n = a.size();
        int m = b.size();
        var len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a.get(i).equals(b.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new DiffLine(DiffOp.SAME, a.get(i)));
                i++;
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                out.add(new DiffLine(DiffOp.REMOVED, a.get(i++)));
            } else {
                out.add(new DiffLine(DiffOp.ADDED, b.get(j++)));
            }
        }
        while (i < n) {
            out.add(new DiffLine(DiffOp.REMOVED, a.get(i++)));
        }
        while (j < m) {
            out.add(new DiffLine(DiffOp.ADDED, b.get(j++)));
        }
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.replace("\r\n", "\n").split("\n", -1));
    }
}
