package dev.testpulse.analysis.owners;

import java.util.List;

/** The JSON form of an upload: {@code {"rules": [{"pattern": "...", "owners": ["@org/team"]}]}}, in file order. */
public record OwnersRequest(List<OwnerRule> rules) {
}
