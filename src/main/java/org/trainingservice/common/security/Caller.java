package org.trainingservice.common.security;

/** An authenticated caller: the tenant it acts for and whether it is an admin (who sees every tenant's data). */
public record Caller(String tenant, boolean admin, String keyId) {
}
