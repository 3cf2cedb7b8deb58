package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Uploads meant to exhaust the node: each is refused while it is read, quickly, with a 400 that names the limit
 * (property and value), nothing is stored, and the node answers the next request as usual.
 */
class HostileUploadTest extends IntegrationTest {

    /** Inflating 2 GB, or parsing a 200,000-column table, takes far longer than this even on a fast machine. */
    private static final Duration QUICK = Duration.ofSeconds(10);

    @Test
    void aTwoMegabyteGzipOfZerosDeclaring2_5MillionImagesIsRefusedAfterItsHeader() {
        long pixels = 2_500_000L * 28 * 28;
        byte[] images = GzipOfZeros.of(IdxReaderTest.header(2_500_000, 28, 28), pixels);
        byte[] labels = GzipOfZeros.of(ByteBuffer.allocate(8).putInt(0x801).putInt(2_500_000).array(), 2_500_000);
        assertThat(images.length).isBetween(1_500_000, 2_500_000);
        int declaredSize = ByteBuffer.wrap(images, images.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(Integer.toUnsignedLong(declaredSize)).as("the gzip trailer: what it inflates to").isEqualTo(16 + pixels);

        JsonNode problem = refused(() -> api.postMultipart("/api/v1/datasets", Map.of("name", "bomb"),
                Map.of("images", images, "labels", labels)));
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("images");
        assertThat(problem.get("detail").asString()).contains("2500000 images of 28x28 pixels")
                .contains("training.limits.max-inflated-upload=256MB");
    }

    @Test
    void anIdxHoldingFarMoreThanItsHeaderDeclaresIsRefusedWhileReading() {
        byte[] images = GzipOfZeros.of(IdxReaderTest.header(2, 28, 28), 1L << 30); // declares 1,568 bytes, holds 1 GB
        JsonNode problem = refused(() -> api.postMultipart("/api/v1/datasets", Map.of("name", "liar"),
                Map.of("images", images, "labels", IdxReaderTest.labels(0, 1))));
        assertThat(problem.get("detail").asString()).contains("(1568 bytes) but more bytes follow");
    }

    @Test
    void aCsvWith200000ColumnsIsRefusedNamingTheLimit() {
        StringBuilder header = new StringBuilder();
        StringBuilder rows = new StringBuilder();
        for (int c = 0; c < 200_000; c++) {
            header.append(c == 0 ? "" : ",").append('c').append(Integer.toString(c, 36));
        }
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 200_000; c++) {
                rows.append(c == 0 ? "" : ",").append((c + r) % 2);
            }
            rows.append('\n');
        }
        byte[] csv = (header + "\n" + rows).getBytes(StandardCharsets.UTF_8);
        JsonNode problem = refused(() -> upload("wide", csv, "c0"));
        assertThat(problem.get("detail").asString()).contains("the header has more than 10000 columns")
                .contains("training.limits.max-csv-columns=10000");
    }

    @Test
    void aTenMegabyteLineIsRefusedNamingTheLimit() {
        String line = "x".repeat(10 << 20);
        JsonNode single = refused(() -> upload("one-line", line.getBytes(StandardCharsets.UTF_8), "x"));
        assertThat(single.get("detail").asString()).contains("the header is longer than 1000000 characters")
                .contains("training.limits.max-csv-line-length=1000000");
        byte[] inARow = ("text,y\nshort,0\n\"" + line + "\",1\nshort,0\n").getBytes(StandardCharsets.UTF_8);
        JsonNode row = refused(() -> upload("long-row", inARow, "y"));
        assertThat(row.get("errors").get(0).get("field").asString()).isEqualTo("row 2");
        assertThat(row.get("detail").asString()).contains("training.limits.max-csv-line-length=1000000");
    }

    @Test
    void aMegabyteNameIsRefusedBeforeTheFileIsRead() {
        JsonNode problem = refused(() -> api.postMultipart("/api/v1/datasets", Map.of("name", "n".repeat(1 << 20)),
                Map.of("images", GzipOfZeros.of(IdxReaderTest.header(2_500_000, 28, 28), 2_500_000L * 28 * 28),
                        "labels", IdxReaderTest.labels(0, 1))));
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(problem.get("detail").asString()).contains("at most 200 characters");
    }

    private Api.Response upload(String name, byte[] csv, String target) {
        return api.postMultipart("/api/v1/datasets", Map.of("name", name, "target", target), Map.of("file", csv));
    }

    /** The upload's problem, after checking it came quickly, stored nothing, and left the node answering. */
    private JsonNode refused(Supplier<Api.Response> upload) {
        long before = api.get("/api/v1/datasets?size=1").json().get("totalItems").asLong();
        Instant start = Instant.now();
        Api.Response r = upload.get();
        assertThat(Duration.between(start, Instant.now())).as("refused quickly").isLessThan(QUICK);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/datasets?size=1").json().get("totalItems").asLong()).isEqualTo(before);
        return r.json();
    }
}
