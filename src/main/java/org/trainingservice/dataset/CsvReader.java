package org.trainingservice.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV upload: UTF-8 with or without BOM, a header row, the delimiter detected (comma, semicolon or tab), fields
 * quoted with double quotes (a doubled quote inside is a quote), CRLF or LF line ends. Ragged rows are refused with
 * their row number (1 is the first data row).
 */
final class CsvReader {

    private static final char[] DELIMITERS = {',', ';', '\t'};

    private CsvReader() {
    }

    /** A stored dataset: it met the limits when it was uploaded. */
    public static CsvTable read(byte[] bytes) {
        return read(bytes, UploadLimits.NONE);
    }

    /** An upload: a record longer than, or with more fields than, {@code limits} allow is refused as it is reached. */
    public static CsvTable read(byte[] bytes, UploadLimits limits) {
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new DatasetFormatException("file", "the file is empty; upload a CSV with a header row and data rows");
        }
        char delimiter = detectDelimiter(text);
        List<String[]> records = parse(text, delimiter, limits);
        String[] header = records.get(0);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.length; c++) {
            header[c] = header[c].trim();
            if (header[c].isEmpty()) {
                throw new DatasetFormatException("column " + (c + 1), "the header has an empty name in column "
                        + (c + 1) + "; give every column a name");
            }
            if (!seen.add(header[c])) {
                throw new DatasetFormatException("column " + header[c], "the header names column '" + header[c]
                        + "' twice; column names must be unique");
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            String[] row = records.get(r);
            if (row.length == 1 && row[0].isBlank()) {
                continue; // blank line
            }
            if (row.length != header.length) {
                throw new DatasetFormatException("row " + r, "row " + r + " has " + row.length + " fields but the header has "
                        + header.length + " (delimiter '" + printable(delimiter) + "'); quote fields that contain the delimiter");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DatasetFormatException("file", "the file has a header but no data rows");
        }
        return new CsvTable(List.of(header), rows, delimiter);
    }

    private static String decode(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                throw new DatasetFormatException("file", "this is a binary file, not a CSV text file; "
                        + "upload CSV (UTF-8) as 'file', or IDX images as 'images' and 'labels'");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException("file", "the file is not valid UTF-8 text; save the CSV as UTF-8");
        }
    }

    /** The candidate that splits the header into the most fields, consistently over the first lines. */
    private static char detectDelimiter(String text) {
        String[] lines = text.lines().limit(20).toArray(String[]::new);
        char best = ',';
        int bestScore = -1;
        for (char d : DELIMITERS) {
            int headerFields = countOutsideQuotes(lines[0], d);
            if (headerFields == 0) {
                continue;
            }
            int consistent = 0;
            for (String line : lines) {
                if (countOutsideQuotes(line, d) == headerFields) {
                    consistent++;
                }
            }
            int score = consistent * 1000 + headerFields;
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char delimiter) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == delimiter && !quoted) {
                count++;
            }
        }
        return count;
    }

    private static List<String[]> parse(String text, char delimiter, UploadLimits limits) {
        List<String[]> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int recordStart = 0;
        for (int i = 0; i < text.length(); i++) {
            if (i - recordStart >= limits.maxCsvLineLength()) {
                throw new DatasetFormatException(where(records.size()), record(records.size()) + " is longer than "
                        + limits.maxCsvLineLength() + " characters, the most allowed (" + limits.lineSetting() + ")");
            }
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (ch == delimiter) {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
                if (fields.size() >= limits.maxCsvColumns()) {
                    throw new DatasetFormatException(where(records.size()), record(records.size()) + " has more than "
                            + limits.maxCsvColumns() + " columns, the most allowed (" + limits.columnsSetting() + ")");
                }
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                records.add(fields.toArray(String[]::new));
                fields.clear();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordStart = i + 1;
            } else if (!wasQuoted) {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new DatasetFormatException("row " + (records.size()), "a quoted field opened near line " + line
                    + " is never closed; close it with a double quote");
        }
        if (!field.isEmpty() || !fields.isEmpty()) {
            fields.add(wasQuoted ? field.toString() : field.toString().trim());
            records.add(fields.toArray(String[]::new));
        }
        return records;
    }

    private static String where(int record) {
        return record == 0 ? "file" : "row " + record;
    }

    private static String record(int record) {
        return record == 0 ? "the header" : "row " + record;
    }

    private static String printable(char delimiter) {
        return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
    }
}
