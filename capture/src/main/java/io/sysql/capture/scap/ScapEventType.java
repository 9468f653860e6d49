package io.sysql.capture.scap;

import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import java.util.Arrays;

/** What the event table says about one event code. */
final class ScapEventType {
    static final char INTEGER = 'n';

    final int code;
    /** The event's row in the table of kinds (by the name sysdig prints as evt.type): how its parameters are decoded. */
    final EventKind kind;
    /** An enter event (even code) whose exit follows; false for exits and for standalone events. */
    final boolean enter;
    /** An event with no enter/exit pair: it is a whole event by itself. */
    final boolean standalone;
    /** Parameter lengths are 32-bit instead of 16-bit. */
    final boolean largePayload;
    final String[] paramNames;
    final char[] paramKinds;
    private final int[] fieldIndex = new int[ParamField.VALUES.length];

    ScapEventType(int code, String entry) {
        this.code = code;
        int bar = entry.indexOf('|');
        String head = entry.substring(0, bar);
        this.largePayload = head.startsWith("^");
        this.standalone = largePayload || head.startsWith("!");
        this.kind = EventKinds.of(standalone ? head.substring(1) : head);
        this.enter = !standalone && (code & 1) == 0;
        String spec = entry.substring(bar + 1).trim();
        String[] params = spec.isEmpty() ? new String[0] : spec.split(" ");
        paramNames = new String[params.length];
        paramKinds = new char[params.length];
        Arrays.fill(fieldIndex, -1);
        for (int i = 0; i < params.length; i++) {
            int colon = params[i].indexOf(':');
            paramNames[i] = colon < 0 ? params[i] : params[i].substring(0, colon);
            paramKinds[i] = colon < 0 ? INTEGER : params[i].charAt(colon + 1);
        }
        for (ParamField f : ParamField.VALUES) {
            fieldIndex[f.ordinal()] = indexOf(f.paramName);
        }
    }

    private int indexOf(String paramName) {
        for (int i = 0; i < paramNames.length; i++) {
            if (paramNames[i].equalsIgnoreCase(paramName)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of a parameter in this event, or -1 if this version of the event lacks it. */
    int index(ParamField field) {
        return fieldIndex[field.ordinal()];
    }

    boolean isUnused() {
        return kind.name().equals("NA");
    }

    /** Space-separated names, interned as the rows of the table of kinds hold them (so a row is found by identity). */
    static String[] typeNames(String spaceSeparated) {
        String[] names = spaceSeparated.split(" ");
        for (int i = 0; i < names.length; i++) {
            names[i] = names[i].intern();
        }
        return names;
    }

    static ScapEventType[] all() {
        String[] entries = ScapEventTable.ENTRIES;
        ScapEventType[] types = new ScapEventType[entries.length];
        for (int i = 0; i < entries.length; i++) {
            types[i] = new ScapEventType(i, entries[i]);
        }
        return types;
    }
}
