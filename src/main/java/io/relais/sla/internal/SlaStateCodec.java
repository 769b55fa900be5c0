package io.relais.sla.internal;

import io.relais.sla.SlaEngine;
import tools.jackson.databind.json.JsonMapper;

/** The clocks' state as stored on {@code sla_ticket.state}: JSON, read back exactly (instants to the nanosecond). */
public final class SlaStateCodec {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlaStateCodec() {}

    public static String write(SlaEngine.State state) {
        return JSON.writeValueAsString(state);
    }

    public static SlaEngine.State read(String json) {
        return JSON.readValue(json, SlaEngine.State.class);
    }
}
