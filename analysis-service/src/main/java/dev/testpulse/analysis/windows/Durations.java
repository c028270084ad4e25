package dev.testpulse.analysis.windows;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one way the API spells a duration: a whole number and a unit, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([smhd])");

    private Durations() {
    }

    /** The duration, if {@code text} is one and its unit is among {@code units} (e.g. "mhd"); zero is allowed. */
    public static Optional<Duration> parse(String text, String units) {
        Matcher matcher = text == null ? null : DURATION.matcher(text.trim());
        if (matcher == null || !matcher.matches() || units.indexOf(matcher.group(2).charAt(0)) < 0) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }
}
