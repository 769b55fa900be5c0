package io.relais.directory;

/** The level a group works at; specialist teams (development, infrastructure) sit beside L3. */
public enum SupportLevel { L1, L2, L3, SPECIALIST }
