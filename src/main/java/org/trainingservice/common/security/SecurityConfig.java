package org.trainingservice.common.security;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.trainingservice.common.DatabaseUnavailable;

/**
 * Every endpoint needs {@code Authorization: Bearer <key>} but health, the OpenAPI document, Swagger UI and the
 * dashboard's static files (the dashboard asks for a key itself); {@code /api/v1/admin/**} needs an admin key.
 * Stateless: no sessions, no cookies, so no CSRF exposure.
 */
@Configuration
class SecurityConfig {

    static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
            "/swagger-ui.html", "/swagger-ui/**", "/", "/index.html", "/dashboard/**", "/favicon.ico", "/error"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, DatabaseUnavailable databaseUnavailable,
                                    @Value("${training.security.admin-key:}") String adminKey) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, adminKey, databaseUnavailable), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        // the request was authorized when it arrived; its async and error dispatches carry no key
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            ProblemResponses.write(response, 401, "Unauthorized",
                                    "send a valid API key as 'Authorization: Bearer <key>'", request.getRequestURI());
                        })
                        .accessDeniedHandler((request, response, ex) -> ProblemResponses.write(response, 403,
                                "Forbidden", "this key's role may not use " + request.getRequestURI()
                                        + "; an admin key is needed", request.getRequestURI())));
        return http.build();
    }
}
