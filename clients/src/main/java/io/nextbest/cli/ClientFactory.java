package io.nextbest.cli;

import java.time.Duration;

import io.nextbest.client.NextBestClient;

/**
 * Opens the client a command talks through; tests give the tool one that reaches an
 * in-process server.
 */
@FunctionalInterface
interface ClientFactory {

	/** Plaintext connections to the target, as a user of the tool expects. */
	ClientFactory PLAINTEXT = (target, deadline) -> NextBestClient.builder().target(target).deadline(deadline).build();

	NextBestClient open(String target, Duration deadline);

}
