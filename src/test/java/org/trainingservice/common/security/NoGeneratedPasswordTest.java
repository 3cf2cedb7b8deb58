package org.trainingservice.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.trainingservice.support.IntegrationTest;

/** The only credential the log shows on a first start is the admin key: Spring's default user is never created. */
class NoGeneratedPasswordTest extends IntegrationTest {

    @Autowired
    private ApplicationContext context;

    @Test
    void springCreatesNoUserWithAGeneratedPassword() {
        // the bean whose creation logs "Using generated security password"
        assertThat(context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
        // and API keys still guard the API
        assertThat(api.as(null).get("/api/v1/jobs").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/jobs").status()).isEqualTo(200);
    }
}
