package io.nextbest.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * Opens the channel to the server for one command; tests give the tool one that opens
 * channels to an in-process server.
 */
@FunctionalInterface
interface Connector {

	/** Plaintext connections to the target, as a user of the tool expects. */
	Connector PLAINTEXT = (target) -> Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();

	ManagedChannel connect(String target);

}
