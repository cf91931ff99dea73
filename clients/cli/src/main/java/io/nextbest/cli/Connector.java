package io.nextbest.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;

/**
 * Opens the channel to the server for one command; tests give the tool one that opens
 * channels to an in-process server.
 */
@FunctionalInterface
interface Connector {

	/**
	 * Connections to the target with the credentials of the command line: plaintext or
	 * TLS, and the token sent with each call.
	 */
	Connector NETWORK = (target, credentials) -> Grpc.newChannelBuilder(target, credentials).build();

	ManagedChannel connect(String target, ChannelCredentials credentials);

}
