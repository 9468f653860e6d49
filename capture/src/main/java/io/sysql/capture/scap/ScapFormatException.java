package io.sysql.capture.scap;

import java.io.IOException;

/** The input is not a scap capture, or a block of it is malformed; says where. */
public final class ScapFormatException extends IOException {
    private final long offset;
    private final int blockType;

    public ScapFormatException(String message, long offset, int blockType) {
        super(message + " (block " + ScapBlockType.hex(blockType) + " " + ScapBlockType.describe(blockType)
                + " at byte offset " + offset + " of the decompressed capture)");
        this.offset = offset;
        this.blockType = blockType;
    }

    /** Byte offset of the faulty block's start, in the decompressed capture. */
    public long offset() {
        return offset;
    }

    /** Type code of the faulty block (0 when not even a block header could be read). */
    public int blockType() {
        return blockType;
    }
}
