package dev.testpulse.analysis.quarantine;

/**
 * Whether the project's default auto_quarantine rule ({@link AutoQuarantineSwitch}) runs:
 * {@code GET/PUT /api/v1/projects/{p}/quarantine/auto}.
 */
public record AutoSetting(String project, Boolean enabled) {
}
