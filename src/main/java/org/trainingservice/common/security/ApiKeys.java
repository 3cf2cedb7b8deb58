package org.trainingservice.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes API keys. A key is 32 random bytes; only its SHA-256 is stored (a fast hash is enough
 * for keys of that entropy), so a database leak reveals no usable key.
 */
@Component
class ApiKeys {

    public static final String PREFIX = "tsk_";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A key as issued: shown once. */
    public record IssuedKey(UUID id, String tenant, String role, String key) {
    }

    @Transactional
    public IssuedKey issue(String tenant, String role) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO api_key (id, tenant, role, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, tenant, role, hash(key), key.substring(0, 10), now());
        return new IssuedKey(id, tenant, role, key);
    }

    @Transactional(readOnly = true)
    public Optional<Caller> authenticate(String key) {
        List<Caller> found = jdbc.query(
                "SELECT id, tenant, role FROM api_key WHERE key_hash = ? AND revoked_at IS NULL",
                (rs, n) -> new Caller(rs.getString(2), "admin".equals(rs.getString(3)), rs.getString(1)), hash(key));
        return found.stream().findFirst();
    }

    /** Revokes a key at once; false if there is no such key. */
    @Transactional
    public boolean revoke(UUID id) {
        return jdbc.update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now(), id) == 1;
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID id) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM api_key WHERE id = ?", Integer.class, id);
        return n != null && n > 0;
    }

    @Transactional(readOnly = true)
    public boolean anyKey() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM api_key", Integer.class);
        return n != null && n > 0;
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
