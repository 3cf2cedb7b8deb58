package org.trainingservice.common.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.trainingservice.common.DatabaseUnavailable;

/**
 * Reads {@code Authorization: Bearer <key>} and, for a valid key, authenticates the request as its tenant (with
 * {@code ROLE_ADMIN} for admin keys). The configured admin key ({@code training.security.admin-key}) is compared in
 * constant time. Requests without a valid key stay anonymous; the security rules then answer 401. A key that cannot
 * be looked up because the database is unavailable gets the same 503 as any other request would.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String ADMIN_TENANT = "admin";

    private final ApiKeys keys;
    private final String configuredAdminKey;
    private final DatabaseUnavailable databaseUnavailable;

    public ApiKeyAuthenticationFilter(ApiKeys keys, String configuredAdminKey, DatabaseUnavailable databaseUnavailable) {
        this.keys = keys;
        this.configuredAdminKey = configuredAdminKey;
        this.databaseUnavailable = databaseUnavailable;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = header.substring(7).trim();
            Optional<Caller> resolved;
            try {
                resolved = resolve(key);
            } catch (RuntimeException e) {
                if (!databaseUnavailable.explains(e)) {
                    throw e;
                }
                if (!request.getRequestURI().startsWith(request.getContextPath() + "/actuator/health")) {
                    ProblemResponses.writeDatabaseUnavailable(response, request.getRequestURI());
                    return;
                }
                // health needs no key: a probe that sends one must still see the node's state, not a 503 of ours
                resolved = Optional.empty();
            }
            resolved.ifPresent(caller -> {
                List<SimpleGrantedAuthority> roles = caller.admin()
                        ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_USER"))
                        : List.of(new SimpleGrantedAuthority("ROLE_USER"));
                SecurityContextHolder.getContext().setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(caller, null, roles));
            });
        }
        chain.doFilter(request, response);
    }

    private Optional<Caller> resolve(String key) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (configuredAdminKey != null && !configuredAdminKey.isBlank() && MessageDigest.isEqual(
                key.getBytes(StandardCharsets.UTF_8), configuredAdminKey.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Caller(ADMIN_TENANT, true, "configured-admin-key"));
        }
        return keys.authenticate(key);
    }
}
