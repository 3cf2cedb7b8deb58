package org.trainingservice.dataset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A valid gzip file of a header followed by a great many zeros (about 1,000 times smaller than what it inflates to),
 * made without compressing gigabytes: after a full flush a deflate stream forgets what came before, so one
 * compressed megabyte of zeros can be written as often as needed; the trailer's CRC-32 and size are computed.
 */
final class GzipOfZeros {

    private static final int CHUNK = 1 << 20;

    private GzipOfZeros() {
    }

    static byte[] of(byte[] header, long zeros) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        CRC32 crc = new CRC32();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff});
        out.writeBytes(compress(deflater, header, Deflater.FULL_FLUSH));
        crc.update(header);
        byte[] zeroChunk = new byte[CHUNK];
        long chunks = zeros / CHUNK;
        if (chunks > 0) {
            byte[] first = compress(deflater, zeroChunk, Deflater.FULL_FLUSH);
            byte[] second = compress(deflater, zeroChunk, Deflater.FULL_FLUSH);
            if (!Arrays.equals(first, second)) {
                throw new IllegalStateException("a flushed deflate stream did not repeat itself");
            }
            out.writeBytes(first);
            for (long c = 1; c < chunks; c++) {
                out.writeBytes(second);
            }
            for (long c = 0; c < chunks; c++) {
                crc.update(zeroChunk);
            }
        }
        int rest = (int) (zeros % CHUNK);
        out.writeBytes(finish(deflater, new byte[rest]));
        deflater.end();
        crc.update(new byte[rest]);
        long size = header.length + zeros;
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue())
                .putInt((int) size).array());
        return out.toByteArray();
    }

    /** Compresses {@code input} and flushes fully: the output is byte-aligned and needs nothing that came before. */
    private static byte[] compress(Deflater deflater, byte[] input, int flush) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        return out.toByteArray();
    }

    private static byte[] finish(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }
}
