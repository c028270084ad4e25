package dev.testpulse.analysis.owners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.testpulse.shared.problem.ProblemException;

/** The CODEOWNERS parser and matcher on the cases of GitHub's own CODEOWNERS documentation example. */
class OwnersFileTest {

    // GitHub's documented example file (abridged): each comment says what the next line owns.
    private static final String GITHUB_EXAMPLE = """
            # These owners will be the default owners for everything in the repo.
            *       @global-owner1 @global-owner2

            # Order is important; the last matching pattern takes the most precedence.
            *.js    @js-owner #This is an inline comment.

            *.go docs@example.com

            # Teams can be specified as code owners as well.
            *.txt @octo-org/octocats

            # owns any files in the build/logs directory at the root of the repository and any of its subdirectories.
            /build/logs/ @doctocat

            # owns docs/getting-started.md but not further nested files like docs/build-app/troubleshooting.md.
            docs/* docs@example.com

            # owns any file in an apps directory anywhere in your repository.
            apps/ @octocat

            # owns any file in the /docs directory in the root of your repository and any of its subdirectories.
            /docs/ @doctocat

            # any file in /scripts/ is owned by two teams
            /scripts/ @doctocat @octocat

            # owns any file in a /logs directory such as /build/logs, /scripts/logs, and /deeply/nested/logs.
            **/logs @octocat

            # In this example, any change inside the `/apps` directory will require approval from @doctocat.
            /apps/ @octocat
            /apps/github @doctocat

            # /apps/github/ has no owner: "changes to apps/github can be made with an approval by anyone"
            /apps/
            /apps/github @doctocat
            """;

    private static Optional<List<String>> file(Owners owners, String path) {
        return owners.of(null, null, path);
    }

    @Test
    void theLastMatchingRuleWinsAsInGitHubsExample() {
        Owners owners = Owners.of(OwnersFile.parse(GITHUB_EXAMPLE));

        assertThat(file(owners, "README.md")).contains(List.of("@global-owner1", "@global-owner2"));
        assertThat(file(owners, "src/app.js")).contains(List.of("@js-owner"));
        assertThat(file(owners, "main.go")).contains(List.of("docs@example.com"));
        assertThat(file(owners, "a/b/notes.txt")).contains(List.of("@octo-org/octocats"));
        // /build/logs/ owns its subtree, but the later **/logs owns any logs directory
        assertThat(file(owners, "build/logs/x/y.txt")).contains(List.of("@octocat"));
        // docs/* owns docs/getting-started.md; later /docs/ owns all of it
        assertThat(file(owners, "docs/getting-started.md")).contains(List.of("@doctocat"));
        assertThat(file(owners, "docs/build-app/troubleshooting.md")).contains(List.of("@doctocat"));
        assertThat(file(owners, "scripts/run.sh")).contains(List.of("@doctocat", "@octocat"));
        assertThat(file(owners, "deeply/nested/logs/a.log")).contains(List.of("@octocat"));
        // the last /apps/ has no owners: everything under it is unowned except /apps/github
        assertThat(file(owners, "apps/other/x.rb")).contains(List.of());
        assertThat(file(owners, "apps/github/x.rb")).contains(List.of("@doctocat"));
        // apps/ (unanchored) owns an apps directory anywhere
        assertThat(file(owners, "lib/apps/x.rb")).contains(List.of("@octocat"));
    }

    @Test
    void aSingleTrailingStarDoesNotReachIntoSubdirectories() {
        Owners owners = Owners.of(OwnersFile.parse("docs/* @docs\n"));

        assertThat(file(owners, "docs/getting-started.md")).contains(List.of("@docs"));
        assertThat(file(owners, "docs/build-app/troubleshooting.md")).isEmpty();
        assertThat(file(owners, "src/docs/a.md")).as("a middle '/' anchors at the root").isEmpty();
    }

    @Test
    void patternsMatchTheClassAndSuiteAsPathsOrAsSent() {
        Owners owners = Owners.of(OwnersFile.parse("""
                /com/acme/pay/ @acme/payments
                com.acme.search.* @acme/search
                *IT @acme/qa
                """));

        assertThat(owners.of("unit", "com.acme.pay.CardTest", null)).contains(List.of("@acme/payments"));
        assertThat(owners.of("unit", "com.acme.search.IndexTest", null)).contains(List.of("@acme/search"));
        assertThat(owners.of("com.acme.search.IndexIT", null, null)).contains(List.of("@acme/qa"));
        assertThat(owners.of("unit", "org.other.Thing", null)).as("no rule matches").isEmpty();
        assertThat(owners.of("unit", "org.other.Thing", "src/test/com/acme/pay/Thing.java"))
                .as("the file is matched too, anchored at its own root").isEmpty();
    }

    @Test
    void escapesAndCommentsAreRead() {
        List<OwnerRule> rules = OwnersFile.parse("  \\#notes\\ dir/  @a @b  # trailing\n\n# only a comment\n");

        assertThat(rules).containsExactly(new OwnerRule(1, "#notes dir/", List.of("@a", "@b")));
        assertThat(OwnersFile.parse(OwnersFile.render(rules))).containsExactly(rules.get(0));
    }

    @Test
    void aHostilePatternStaysCheapBecauseNothingBacktracks() {
        Owners owners = Owners.of(OwnersFile.parse("a*a*a*a*a*a*a*a*b @x\n"));

        // a backtracking regex of eight [^/]* runs takes about 1000^8 steps here; the automaton 1000 × 20
        assertThat(file(owners, "a".repeat(1000))).isEmpty();
    }

    @Test
    void badLinesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> OwnersFile.parse("* @a\n!docs/ @b\n")).isInstanceOf(ProblemException.class)
                .hasMessageStartingWith("line 2: ");
        assertThatThrownBy(() -> OwnersFile.parse("* @a\n\n[ab].txt @b\n")).hasMessageStartingWith("line 3: ");
        assertThatThrownBy(() -> OwnersFile.parse("*.js @team\u0007name\n")).hasMessageStartingWith("line 1: ")
                .hasMessageContaining("U+0007");
        assertThatThrownBy(() -> OwnersFile.parse("*.js not-a-team\n")).hasMessageStartingWith("line 1: ")
                .hasMessageContaining("not-a-team");
        assertThatThrownBy(() -> OwnersFile.parse("*.js @a\n".repeat(40_000)))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(413));
        assertThatThrownBy(() -> OwnersFile.rules(List.of(new OwnerRule(0, "*", List.of("@a")), new OwnerRule(0, "x", List.of("bad owner")))))
                .hasMessageStartingWith("rules[1]: ");
    }
}
