package org.trainingservice.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import org.trainingservice.support.SecondNode;

/**
 * A node killed (SIGKILL) while it writes an uploaded dataset's files into the database leaves no dataset behind: the
 * row and its files are one transaction, which PostgreSQL rolls back when the node's connection dies.
 */
class UploadKillTest extends IntegrationTest {

    private static final String NODE = "upload-node";
    /** Enough bytes that writing them takes a while, so the kill can be aimed inside that write. */
    private static final int IMAGES = 32_000;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aNodeKilledWhileWritingTheFilesLeavesNoRowAndALiveNodeLeavesAWholeOne() {
        byte[] images = randomImages();
        byte[] labels = labels();
        String killedName = "killed-" + UUID.randomUUID();
        try (SecondNode node = SecondNode.start(NODE, "--training.worker.enabled=false",
                "--spring.datasource.hikari.data-source-properties.ApplicationName=" + NODE)) {
            Api other = new Api(node.port());
            CompletableFuture<Api.Response> upload = CompletableFuture.supplyAsync(() -> other.postMultipart(
                    "/api/v1/datasets", Map.of("name", killedName), Map.of("images", images, "labels", labels)));
            Instant deadline = Instant.now().plusSeconds(120);
            while (!writingFiles() && !upload.isDone() && Instant.now().isBefore(deadline)) {
                sleep(5);
            }
            assertThat(writingFiles()).as("the kill lands while the node writes the files (upload done: %s)",
                    upload.isDone()).isTrue();
            node.kill();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (sessions() > 0 && Instant.now().isBefore(deadline)) {
            sleep(20);
        }
        assertThat(sessions()).as("the dead node's sessions are gone").isZero();
        assertThat(rows(killedName)).as("no half-written dataset").isZero();

        // the control: the same upload to a node that stays up stores the row and every byte of both files
        Api.Response stored = api.postMultipart("/api/v1/datasets", Map.of("name", "kept-" + UUID.randomUUID()),
                Map.of("images", images, "labels", labels));
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        UUID id = UUID.fromString(stored.json().get("id").asString());
        Long bytes = jdbc.queryForObject("SELECT SUM(LENGTH(content)) FROM dataset_file WHERE dataset_id = ?", Long.class, id);
        assertThat(bytes).isEqualTo((long) images.length + labels.length)
                .isEqualTo(stored.json().get("sizeBytes").asLong());
        api.delete("/api/v1/datasets/" + id);
    }

    private boolean writingFiles() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? "
                + "AND state = 'active' AND query LIKE 'INSERT INTO dataset_file%'", Integer.class, NODE);
        return n != null && n > 0;
    }

    private int sessions() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", Integer.class, NODE);
        return n == null ? 0 : n;
    }

    private int rows(String name) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM dataset WHERE name = ?", Integer.class, name);
        return n == null ? 0 : n;
    }

    /** Random pixels: they do not compress, so the database writes all of them. */
    private static byte[] randomImages() {
        ByteBuffer b = ByteBuffer.allocate(16 + IMAGES * 28 * 28);
        b.putInt(0x803).putInt(IMAGES).putInt(28).putInt(28);
        byte[] pixels = new byte[IMAGES * 28 * 28];
        new Random(7).nextBytes(pixels);
        return b.put(pixels).array();
    }

    private static byte[] labels() {
        ByteBuffer b = ByteBuffer.allocate(8 + IMAGES).putInt(0x801).putInt(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }
}
