package dev.testpulse.analysis;

import dev.testpulse.shared.http.HttpNet;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the service; request URIs are checked by {@link HttpNet}, which answers a malformed one with a problem. */
@QuarkusMain
public final class AnalysisMain {

    private AnalysisMain() {
    }

    public static void main(String... args) {
        HttpNet.takeOverUriValidation();
        Quarkus.run(args);
    }
}
