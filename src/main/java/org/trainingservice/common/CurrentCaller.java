package org.trainingservice.common;

import org.springframework.stereotype.Component;

/**
 * Who is calling: the tenant whose datasets and jobs a request may see. Until API keys exist every caller acts for
 * the single tenant {@value #DEFAULT_TENANT}.
 */
@Component
public class CurrentCaller {

    public static final String DEFAULT_TENANT = "default";

    public String tenant() {
        return DEFAULT_TENANT;
    }
}
