package io.zabd.server.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The four-letter words that need no server state: {@code ruok} answers {@code imok}. */
public final class BasicFourLetterHandler implements FourLetterHandler {
    @Override
    public CompletionStage<String> execute(String command) {
        if (command.equals("ruok")) {
            return CompletableFuture.completedFuture("imok");
        }
        return CompletableFuture.completedFuture(null);
    }
}
