package io.sysql.sql.schema;

/** How a table relates to time, which decides whether AS OF applies to it. */
public enum TableKind {
    /** State at a point of the capture (the end by default); AS OF picks another point. */
    STATE,
    /** The journal itself: one row per event, already over time. */
    EVENTS,
    /** Every version of a state row with its validity span, already over time. */
    HISTORY,
    /** Facts about the capture as a whole. */
    CATALOG
}
