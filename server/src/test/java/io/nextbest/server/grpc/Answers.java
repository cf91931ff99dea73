package io.nextbest.server.grpc;

import java.util.concurrent.CompletableFuture;

import io.grpc.stub.StreamObserver;

/** Observers for calls that answer once, as the client streams of these tests do. */
final class Answers {

	private Answers() {
	}

	/**
	 * @param answer completed with the call's one answer, or its error
	 * @return an observer for the call
	 */
	static <T> StreamObserver<T> into(CompletableFuture<T> answer) {
		return new StreamObserver<>() {
			@Override
			public void onNext(T value) {
				answer.complete(value);
			}

			@Override
			public void onError(Throwable t) {
				answer.completeExceptionally(t);
			}

			@Override
			public void onCompleted() {
			}
		};
	}

}
