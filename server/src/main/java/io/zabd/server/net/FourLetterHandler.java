package io.zabd.server.net;

import java.util.concurrent.CompletionStage;

/**
 * Answers a whitelisted four-letter word. Called on a Netty I/O thread: an implementation that needs
 * server state must read a published snapshot or complete the stage from the owning thread, never
 * touch tree or consensus state here.
 */
public interface FourLetterHandler {
    /**
     * The reply text for {@code command}, or a stage completing with null when this server does not
     * implement the command (yet).
     */
    CompletionStage<String> execute(String command);
}
