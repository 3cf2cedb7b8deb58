package org.trainingservice.scheduler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An x86-64 Linux shared library whose exported functions each return a fixed {@code int}, written byte by byte.
 * Preloaded into a process ({@code LD_PRELOAD}), its definitions take the place of same-named functions in the
 * libraries the process loads later. It is generated rather than compiled so that a host needs no C compiler, and
 * rather than shipped as a binary so that what it contains is readable here.
 *
 * <p>The file has what the dynamic loader reads and nothing else: an ELF header, program headers (code read-only and
 * executable, the dynamic section writable, a non-executable stack), a SysV symbol hash table, the symbol and string
 * tables, and for each function {@code mov eax, value; ret}. No section headers: the loader does not use them.
 */
final class ConstantFunctionsLibrary {

    private static final int HEADER_SIZE = 64;
    private static final int PROGRAM_HEADER_SIZE = 56;
    private static final int PROGRAM_HEADERS = 4;
    private static final int SYMBOL_SIZE = 24;
    private static final int DYNAMIC_ENTRY_SIZE = 16;
    private static final int FUNCTION_SIZE = 16;
    private static final long PAGE = 0x1000;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_GNU_STACK = 0x6474e551;
    private static final int PF_X = 1;
    private static final int PF_W = 2;
    private static final int PF_R = 4;
    private static final long DT_NULL = 0;
    private static final long DT_HASH = 4;
    private static final long DT_STRTAB = 5;
    private static final long DT_SYMTAB = 6;
    private static final long DT_STRSZ = 10;
    private static final long DT_SYMENT = 11;
    private static final long DT_SONAME = 14;
    /** Global function symbol. */
    private static final byte GLOBAL_FUNCTION = 0x12;
    /** Any index but 0 (undefined) and the reserved ones marks a symbol as defined here. */
    private static final short DEFINED = 1;

    private ConstantFunctionsLibrary() {
    }

    /** The library's bytes: {@code soname} as its name, one function per entry of {@code functions}, in name order. */
    static byte[] build(String soname, Map<String, Integer> functions) {
        List<Map.Entry<String, Integer>> exported = new ArrayList<>(new TreeMap<>(functions).entrySet());
        int symbols = exported.size() + 1;

        byte[] strings = stringTable(soname, exported);
        long hashAt = HEADER_SIZE + (long) PROGRAM_HEADERS * PROGRAM_HEADER_SIZE;
        long hashSize = 4L * (2 + 1 + symbols);
        long symbolsAt = align(hashAt + hashSize, 8);
        long stringsAt = symbolsAt + (long) symbols * SYMBOL_SIZE;
        long codeAt = align(stringsAt + strings.length, FUNCTION_SIZE);
        long codeEnd = codeAt + (long) exported.size() * FUNCTION_SIZE;
        long dynamicAt = align(codeEnd, 8);
        long dynamicSize = 7L * DYNAMIC_ENTRY_SIZE;
        // The writable segment starts on the next page in memory, at the same offset within its page as in the file.
        long dynamicAddress = dynamicAt + PAGE;

        ByteBuffer out = ByteBuffer.allocate((int) (dynamicAt + dynamicSize)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(out);
        out.position(HEADER_SIZE);
        programHeader(out, PT_LOAD, PF_R | PF_X, 0, 0, codeEnd, PAGE);
        programHeader(out, PT_LOAD, PF_R | PF_W, dynamicAt, dynamicAddress, dynamicSize, PAGE);
        programHeader(out, PT_DYNAMIC, PF_R | PF_W, dynamicAt, dynamicAddress, dynamicSize, 8);
        programHeader(out, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 16);

        // One hash bucket chaining every symbol: the loader walks the chain and compares names.
        out.position((int) hashAt);
        out.putInt(1).putInt(symbols).putInt(symbols > 1 ? 1 : 0);
        for (int i = 0; i < symbols; i++) {
            out.putInt(i == 0 || i + 1 == symbols ? 0 : i + 1);
        }

        out.position((int) symbolsAt);
        out.put(new byte[SYMBOL_SIZE]);
        int nameAt = 1 + soname.getBytes(StandardCharsets.US_ASCII).length + 1;
        for (int i = 0; i < exported.size(); i++) {
            out.putInt(nameAt).put(GLOBAL_FUNCTION).put((byte) 0).putShort(DEFINED)
                    .putLong(codeAt + (long) i * FUNCTION_SIZE).putLong(FUNCTION_SIZE);
            nameAt += exported.get(i).getKey().getBytes(StandardCharsets.US_ASCII).length + 1;
        }
        out.position((int) stringsAt);
        out.put(strings);

        out.position((int) codeAt);
        for (Map.Entry<String, Integer> function : exported) {
            byte[] body = new byte[FUNCTION_SIZE];
            Arrays.fill(body, (byte) 0xcc); // int3 after the return: never reached
            ByteBuffer code = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            code.put((byte) 0xb8).putInt(function.getValue()).put((byte) 0xc3); // mov eax, value; ret
            out.put(body);
        }

        out.position((int) dynamicAt);
        dynamic(out, DT_HASH, hashAt);
        dynamic(out, DT_STRTAB, stringsAt);
        dynamic(out, DT_SYMTAB, symbolsAt);
        dynamic(out, DT_STRSZ, strings.length);
        dynamic(out, DT_SYMENT, SYMBOL_SIZE);
        dynamic(out, DT_SONAME, 1);
        dynamic(out, DT_NULL, 0);
        return out.array();
    }

    /** A leading empty string, the soname at offset 1, then the function names, each ending in a zero byte. */
    private static byte[] stringTable(String soname, List<Map.Entry<String, Integer>> exported) {
        StringBuilder table = new StringBuilder("\0").append(soname).append('\0');
        for (Map.Entry<String, Integer> function : exported) {
            table.append(function.getKey()).append('\0');
        }
        return table.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeHeader(ByteBuffer out) {
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little endian */, 1 /* version */, 0 /* SysV */});
        out.put(new byte[8]);
        out.putShort((short) 3); // shared object
        out.putShort((short) 62); // x86-64
        out.putInt(1);
        out.putLong(0); // no entry point
        out.putLong(HEADER_SIZE); // program headers right after this header
        out.putLong(0); // no section headers
        out.putInt(0);
        out.putShort((short) HEADER_SIZE);
        out.putShort((short) PROGRAM_HEADER_SIZE);
        out.putShort((short) PROGRAM_HEADERS);
        out.putShort((short) 64);
        out.putShort((short) 0);
        out.putShort((short) 0);
    }

    private static void programHeader(ByteBuffer out, int type, int flags, long offset, long address, long size,
            long alignment) {
        out.putInt(type).putInt(flags).putLong(offset).putLong(address).putLong(address)
                .putLong(size).putLong(size).putLong(alignment);
    }

    private static void dynamic(ByteBuffer out, long tag, long value) {
        out.putLong(tag).putLong(value);
    }

    private static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
