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

/**
 * Reads {@code Authorization: Bearer <key>} and, for a valid key, authenticates the request as its tenant (with
 * {@code ROLE_ADMIN} for admin keys). The configured admin key ({@code training.security.admin-key}) is compared in
 * constant time. Requests without a valid key stay anonymous; the security rules then answer 401.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String ADMIN_TENANT = "admin";

    private final ApiKeys keys;
    private final String configuredAdminKey;

    public ApiKeyAuthenticationFilter(ApiKeys keys, String configuredAdminKey) {
        this.keys = keys;
        this.configuredAdminKey = configuredAdminKey;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = header.substring(7).trim();
            resolve(key).ifPresent(caller -> {
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
