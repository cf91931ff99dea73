package io.nextbest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import java.util.function.LongConsumer;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.api.v1.Verdict;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a CSV of recipients through SuppressionService.Check and splits it into kept
 * and suppressed rows, in the order of the file (but for rows whose id is refused before
 * sending, which are written as soon as they are read). Batches go round the streams in
 * turn, so that the server checks them on as many cores; each stream answers its batches
 * in the order they were sent, and a batch's rows are written once every batch before it
 * is written. Memory is bounded by design, whatever the file's size: rows are read only
 * while fewer than {@link #WINDOW} batches per stream await their verdicts and the
 * transport is ready, and each batch's rows are dropped once written.
 */
final class Recipients {

	/** Batches sent and not yet answered, at most, per stream. */
	static final int WINDOW = 4;

	private static final int MAX_ID = 128;

	private final Campaign campaign;

	private final int batchSize;

	private final int streams;

	private final CSVPrinter kept;

	private final CSVPrinter suppressed;

	private final Semaphore window;

	/**
	 * Batches sent and not yet written, in the order of the file; guarded by itself, as
	 * is everything written.
	 */
	private final ArrayDeque<Batch> pending = new ArrayDeque<>();

	private final Map<String, Long> reasons = new TreeMap<>();

	private long keptRows;

	private long suppressedRows;

	private volatile long maxPendingRows;

	private long pendingRows;

	Recipients(Campaign campaign, int batchSize, CSVPrinter kept, CSVPrinter suppressed) {
		this(campaign, batchSize, 1, kept, suppressed);
	}

	Recipients(Campaign campaign, int batchSize, int streams, CSVPrinter kept, CSVPrinter suppressed) {
		this.campaign = campaign;
		this.batchSize = batchSize;
		this.streams = streams;
		this.kept = kept;
		this.suppressed = suppressed;
		this.window = new Semaphore(WINDOW * streams);
	}

	/** One data row: its values as read, and the customer id taken from it. */
	record Row(CSVRecord values, String customerId) {
	}

	/** A batch sent: its rows, and its verdicts once answered. */
	private static final class Batch {

		private final List<Row> rows;

		private CheckResponse answer;

		Batch(List<Row> rows) {
			this.rows = rows;
		}

	}

	/** One Check stream: its call, and its batches not yet answered, oldest first. */
	private final class Stream implements ClientResponseObserver<CheckRequest, CheckResponse> {

		private final CompletableFuture<Void> failed;

		private final Object ready;

		private final ArrayDeque<Batch> unanswered = new ArrayDeque<>();

		private ClientCallStreamObserver<CheckRequest> call;

		private final CompletableFuture<Void> completed = new CompletableFuture<>();

		Stream(CompletableFuture<Void> failed, Object ready) {
			this.failed = failed;
			this.ready = ready;
		}

		@Override
		public void beforeStart(ClientCallStreamObserver<CheckRequest> requests) {
			this.call = requests;
			requests.setOnReadyHandler(() -> {
				synchronized (this.ready) {
					this.ready.notifyAll();
				}
			});
		}

		@Override
		public void onNext(CheckResponse response) {
			try {
				answered(this, response);
			}
			catch (UncheckedIOException ex) {
				this.failed.completeExceptionally(ex);
				this.call.cancel("Cannot write the output", ex);
			}
		}

		@Override
		public void onError(Throwable t) {
			this.failed.completeExceptionally(t);
			Recipients.this.window.release(WINDOW * Recipients.this.streams);
			synchronized (this.ready) {
				this.ready.notifyAll();
			}
		}

		@Override
		public void onCompleted() {
			this.completed.complete(null);
		}

	}

	/**
	 * Checks every row.
	 * @param channel the server
	 * @param rows the data rows (header already consumed)
	 * @param column the zero-based column of the customer id
	 * @param progress told the characters read so far, after each batch
	 * @throws Csv.MalformedException when a row is not CSV: the calls are cancelled
	 * @throws Exception the server's error, or an I/O error
	 */
	void run(ManagedChannel channel, CSVParser rows, int column, LongConsumer progress) throws Exception {
		// Completes only exceptionally: with the first failure of any stream.
		CompletableFuture<Void> failed = new CompletableFuture<>();
		Object ready = new Object();
		List<Stream> calls = new ArrayList<>();
		for (int i = 0; i < this.streams; i++) {
			Stream stream = new Stream(failed, ready);
			SuppressionServiceGrpc.newStub(channel).check(stream);
			calls.add(stream);
		}
		try {
			stream(calls, rows, column, progress, ready, failed);
		}
		catch (RuntimeException ex) {
			calls.forEach((call) -> call.call.cancel("The recipients cannot be read", ex));
			throw ex;
		}
		if (!failed.isDone()) {
			calls.forEach((call) -> call.call.onCompleted());
		}
		CompletableFuture
			.anyOf(failed,
					CompletableFuture
						.allOf(calls.stream().map((call) -> call.completed).toArray(CompletableFuture[]::new)))
			.get();
		if (failed.isCompletedExceptionally()) {
			calls.forEach((call) -> call.call.cancel("Another stream failed", null));
			failed.get();
		}
	}

	private void stream(List<Stream> calls, CSVParser rows, int column, LongConsumer progress, Object ready,
			CompletableFuture<Void> failed) throws InterruptedException {
		Iterator<CSVRecord> records = rows.iterator();
		List<Row> batch = new ArrayList<>(this.batchSize);
		int sent = 0;
		CSVRecord row;
		while (!failed.isDone() && (row = Csv.next(rows, records)) != null) {
			String id = Csv.field(row, column);
			String problem = (id == null) ? "the row has no column " + (column + 1) : id.isEmpty()
					? "the customer id is empty"
					: (id.length() > MAX_ID) ? "the customer id is longer than " + MAX_ID + " characters" : null;
			if (problem != null) {
				// Never sent: a malformed id would end the whole stream.
				synchronized (this.pending) {
					drop(row, "INVALID_CUSTOMER_ID", problem);
				}
				continue;
			}
			batch.add(new Row(row, id));
			if (batch.size() == this.batchSize) {
				send(calls.get(sent++ % calls.size()), batch, ready, failed);
				batch = new ArrayList<>(this.batchSize);
				progress.accept(row.getCharacterPosition());
			}
		}
		if (!batch.isEmpty() && !failed.isDone()) {
			send(calls.get(sent % calls.size()), batch, ready, failed);
		}
	}

	private void send(Stream stream, List<Row> rows, Object ready, CompletableFuture<Void> failed)
			throws InterruptedException {
		this.window.acquire();
		synchronized (ready) {
			while (!stream.call.isReady() && !failed.isDone()) {
				ready.wait(100);
			}
		}
		if (failed.isDone()) {
			return;
		}
		CheckRequest.Builder request = CheckRequest.newBuilder().setCampaign(this.campaign);
		for (Row row : rows) {
			request.addCustomerIds(row.customerId());
		}
		Batch batch = new Batch(rows);
		synchronized (this.pending) {
			this.pending.addLast(batch);
			stream.unanswered.addLast(batch);
			this.pendingRows += rows.size();
			this.maxPendingRows = Math.max(this.maxPendingRows, this.pendingRows);
		}
		stream.call.onNext(request.build());
	}

	private void answered(Stream stream, CheckResponse response) {
		synchronized (this.pending) {
			stream.unanswered.removeFirst().answer = response;
			flush();
		}
	}

	/** Writes the answered batches at the head of the file's order; holds the lock. */
	private void flush() {
		Batch head;
		while ((head = this.pending.peekFirst()) != null && head.answer != null) {
			this.pending.removeFirst();
			this.pendingRows -= head.rows.size();
			for (int i = 0; i < head.rows.size(); i++) {
				Verdict verdict = head.answer.getVerdicts(i);
				if (verdict.getSend()) {
					try {
						this.kept.printRecord(head.rows.get(i).values());
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					this.keptRows++;
				}
				else {
					drop(head.rows.get(i).values(), verdict.getCode().name().replace("REASON_CODE_", ""),
							verdict.getMessage());
				}
			}
			this.window.release();
		}
	}

	private void drop(CSVRecord row, String code, String message) {
		try {
			for (String value : row) {
				this.suppressed.print(value);
			}
			this.suppressed.print(code);
			this.suppressed.print(message);
			this.suppressed.println();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.suppressedRows++;
		this.reasons.merge(code, 1L, Long::sum);
	}

	long kept() {
		return this.keptRows;
	}

	long suppressed() {
		return this.suppressedRows;
	}

	/** Suppressed rows by reason code, in code order. */
	Map<String, Long> reasons() {
		synchronized (this.pending) {
			return new TreeMap<>(this.reasons);
		}
	}

	/** The most rows held at once while waiting for verdicts. */
	long maxPendingRows() {
		return this.maxPendingRows;
	}

}
