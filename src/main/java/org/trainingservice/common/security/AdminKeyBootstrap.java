package org.trainingservice.common.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First start: with no key configured ({@code training.security.admin-key}) and none stored, issue an admin key and
 * print it once, since there is no other way in. Only its hash is kept.
 */
@Component
class AdminKeyBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final ApiKeys keys;
    private final String configuredAdminKey;

    public AdminKeyBootstrap(ApiKeys keys, @Value("${training.security.admin-key:}") String configuredAdminKey) {
        this.keys = keys;
        this.configuredAdminKey = configuredAdminKey;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!configuredAdminKey.isBlank() || keys.anyKey()) {
            return;
        }
        ApiKeys.IssuedKey key = keys.issue(ApiKeyAuthenticationFilter.ADMIN_TENANT, "admin");
        log.warn("""

                ==========================================================================================
                No API key existed, so an admin key was generated. It is shown only this once:

                    {}

                Use it as 'Authorization: Bearer <key>' (Swagger UI: Authorize). Issue keys for tenants with
                POST /api/v1/admin/api-keys. Set training.security.admin-key to choose the admin key yourself.
                ==========================================================================================""", key.key());
    }
}
