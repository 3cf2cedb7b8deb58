package org.trainingservice.common;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.trainingservice.common.security.Caller;

/** Who is calling: the tenant a request acts for, and which tenant's data it may see. */
@Component
public class CurrentCaller {

    public Caller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new IllegalStateException("no authenticated caller: the endpoint must require a key");
    }

    /** The tenant that owns what this request creates. */
    public String tenant() {
        return caller().tenant();
    }

    /** The tenant whose data this request may see; null for an admin, who sees every tenant's. */
    public String visibleTenant() {
        Caller caller = caller();
        return caller.admin() ? null : caller.tenant();
    }
}
