package io.sysql.samples;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** lsof's field output ({@code -F pftn}; lsof always adds the p field), read as the tests compare it. */
final class LsofFields {
    private LsofFields() {
    }

    /** pid to fd number to {type, name}; rows of no numbered fd (cwd, txt, mem) are left out. */
    static Map<Integer, Map<Integer, String[]>> fdsByPid(List<String> lines) {
        Map<Integer, Map<Integer, String[]>> out = new TreeMap<>();
        Map<Integer, String[]> ofPid = null;
        Integer fd = null;
        String type = null;
        for (String l : lines) {
            if (l.isEmpty()) {
                continue;
            }
            char tag = l.charAt(0);
            String value = l.substring(1);
            if (tag == 'p') {
                ofPid = out.computeIfAbsent(Integer.parseInt(value), p -> new TreeMap<>());
            } else if (tag == 'f') {
                fd = value.chars().allMatch(Character::isDigit) ? Integer.parseInt(value) : null;
                type = null;
            } else if (tag == 't') {
                type = value;
            } else if (tag == 'n' && fd != null && ofPid != null) {
                ofPid.put(fd, new String[] {type, value});
            }
        }
        return out;
    }
}
