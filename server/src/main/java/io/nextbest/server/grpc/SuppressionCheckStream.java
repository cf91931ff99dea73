package io.nextbest.server.grpc;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.server.suppression.BulkSuppressor;

/**
 * One bulk suppression stream. Flow control is end to end: the server asks for the next
 * batch only once the answer to the previous one has been handed to a transport that is
 * ready for more, so at most one batch and one answer per stream are in the server's
 * hands; a slow reader slows the writer instead of filling the heap. The call's context
 * is cancelled by the transport as soon as the client cancels or the deadline passes, and
 * the workers check it as they go, so abandoned work stops. A request the
 * {@link RequestGuard} refuses (malformed, or over the size limit) ends the stream with
 * the guard's status, which says how many batches were answered before it.
 */
final class SuppressionCheckStream implements StreamObserver<CheckRequest> {

	private final BulkSuppressor suppressor;

	private final ServerCallStreamObserver<CheckResponse> responses;

	private final Context call = Context.current();

	/** Guarded by this: a request(1) is outstanding. */
	private boolean awaiting;

	/** Guarded by this: the stream has ended, one way or the other. */
	private boolean done;

	/**
	 * Batches answered; only touched from onNext and the refusal, which gRPC calls
	 * serially.
	 */
	private long batches;

	/** Recipients of the batches answered; likewise. */
	private long recipients;

	SuppressionCheckStream(BulkSuppressor suppressor, ServerCallStreamObserver<CheckResponse> responses) {
		this.suppressor = suppressor;
		this.responses = responses;
		responses.disableAutoRequest();
		responses.setOnReadyHandler(this::pull);
		responses.setOnCancelHandler(this::end);
		RequestGuard.onRefusal(this::refused);
		// The first batch is read whatever the client's readiness: some transports report
		// ready only once the client asks for an answer, which it may do after sending.
		this.awaiting = true;
		responses.request(1);
	}

	@Override
	public void onNext(CheckRequest request) {
		synchronized (this) {
			this.awaiting = false;
			if (this.done) {
				return;
			}
		}
		CheckResponse response;
		try {
			RuleSet ruleSet = this.suppressor.ruleSet();
			Send send = SuppressionMapper.send(request, ruleSet, this.suppressor);
			List<String> customerIds = SuppressionMapper.customerIds(request);
			List<Verdict> verdicts = this.suppressor.check(ruleSet, send, customerIds, this.call::isCancelled);
			response = SuppressionMapper.response(request, ruleSet, customerIds, verdicts);
		}
		catch (CancellationException cancelled) {
			end();
			return;
		}
		catch (RuntimeException failure) {
			if (end()) {
				this.responses.onError(GrpcErrors.toStatus(failure));
			}
			return;
		}
		this.responses.onNext(response);
		this.batches++;
		this.recipients += response.getVerdictsCount();
		pull();
	}

	/** A request could not be read: the stream ends, saying how far it got. */
	private void refused(Status status) {
		if (end()) {
			this.responses.onError(status
				.withDescription(status.getDescription() + String.format(Locale.ROOT,
						"; the %,d batches before it (%,d recipients) were answered", this.batches, this.recipients))
				.asRuntimeException());
		}
	}

	@Override
	public void onError(Throwable cancelled) {
		end();
	}

	@Override
	public void onCompleted() {
		if (end()) {
			this.responses.onCompleted();
		}
	}

	/** Asks for the next batch when none is awaited and the client reads its answers. */
	private void pull() {
		synchronized (this) {
			if (this.done || this.awaiting || !this.responses.isReady()) {
				return;
			}
			this.awaiting = true;
		}
		this.responses.request(1);
	}

	/** Marks the stream ended; true for the caller that ended it first. */
	private synchronized boolean end() {
		if (this.done) {
			return false;
		}
		this.done = true;
		return true;
	}

}
