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
 * and suppressed rows. Memory is bounded by design, whatever the file's size: rows are
 * read only while fewer than {@link #WINDOW} batches await their verdicts and the
 * transport is ready, and each batch's rows are written out and dropped as soon as its
 * answer arrives (answers come in the order batches were sent).
 */
final class Recipients {

	/** Batches sent and not yet answered, at most. */
	static final int WINDOW = 4;

	private static final int MAX_ID = 128;

	private final Campaign campaign;

	private final int batchSize;

	private final CSVPrinter kept;

	private final CSVPrinter suppressed;

	private final Semaphore window = new Semaphore(WINDOW);

	/** Rows of the batches in flight, oldest first; guarded by itself. */
	private final ArrayDeque<List<Row>> pending = new ArrayDeque<>();

	private final Map<String, Long> reasons = new TreeMap<>();

	private long keptRows;

	private long suppressedRows;

	private volatile long maxPendingRows;

	private long pendingRows;

	Recipients(Campaign campaign, int batchSize, CSVPrinter kept, CSVPrinter suppressed) {
		this.campaign = campaign;
		this.batchSize = batchSize;
		this.kept = kept;
		this.suppressed = suppressed;
	}

	/** One data row: its values as read, and the customer id taken from it. */
	record Row(CSVRecord values, String customerId) {
	}

	/**
	 * Checks every row.
	 * @param channel the server
	 * @param rows the data rows (header already consumed)
	 * @param column the zero-based column of the customer id
	 * @param progress told the characters read so far, after each batch
	 * @throws Csv.MalformedException when a row is not CSV: the call is cancelled
	 * @throws Exception the server's error, or an I/O error
	 */
	void run(ManagedChannel channel, CSVParser rows, int column, LongConsumer progress) throws Exception {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Object ready = new Object();
		ClientCallStreamObserver<CheckRequest>[] call = new ClientCallStreamObserver[1];
		SuppressionServiceGrpc.newStub(channel).check(new ClientResponseObserver<CheckRequest, CheckResponse>() {
			@Override
			public void beforeStart(ClientCallStreamObserver<CheckRequest> requests) {
				call[0] = requests;
				requests.setOnReadyHandler(() -> {
					synchronized (ready) {
						ready.notifyAll();
					}
				});
			}

			@Override
			public void onNext(CheckResponse response) {
				try {
					answered(response);
				}
				catch (IOException ex) {
					done.completeExceptionally(ex);
					call[0].cancel("Cannot write the output", ex);
				}
			}

			@Override
			public void onError(Throwable t) {
				done.completeExceptionally(t);
				Recipients.this.window.release(WINDOW);
			}

			@Override
			public void onCompleted() {
				done.complete(null);
			}
		});
		try {
			stream(call[0], rows, column, progress, ready, done);
		}
		catch (RuntimeException ex) {
			call[0].cancel("The recipients cannot be read", ex);
			throw ex;
		}
		if (!done.isDone()) {
			call[0].onCompleted();
		}
		done.get();
	}

	private void stream(ClientCallStreamObserver<CheckRequest> call, CSVParser rows, int column, LongConsumer progress,
			Object ready, CompletableFuture<Void> done) throws InterruptedException {
		Iterator<CSVRecord> records = rows.iterator();
		List<Row> batch = new ArrayList<>(this.batchSize);
		CSVRecord row;
		while (!done.isDone() && (row = Csv.next(rows, records)) != null) {
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
				send(call, batch, ready, done);
				batch = new ArrayList<>(this.batchSize);
				progress.accept(row.getCharacterPosition());
			}
		}
		if (!batch.isEmpty() && !done.isDone()) {
			send(call, batch, ready, done);
		}
	}

	private void send(ClientCallStreamObserver<CheckRequest> call, List<Row> batch, Object ready,
			CompletableFuture<Void> done) throws InterruptedException {
		this.window.acquire();
		synchronized (ready) {
			while (!call.isReady() && !done.isDone()) {
				ready.wait(100);
			}
		}
		if (done.isDone()) {
			return;
		}
		CheckRequest.Builder request = CheckRequest.newBuilder().setCampaign(this.campaign);
		for (Row row : batch) {
			request.addCustomerIds(row.customerId());
		}
		synchronized (this.pending) {
			this.pending.addLast(batch);
			this.pendingRows += batch.size();
			this.maxPendingRows = Math.max(this.maxPendingRows, this.pendingRows);
		}
		call.onNext(request.build());
	}

	private void answered(CheckResponse response) throws IOException {
		synchronized (this.pending) {
			List<Row> batch = this.pending.removeFirst();
			this.pendingRows -= batch.size();
			for (int i = 0; i < batch.size(); i++) {
				Verdict verdict = response.getVerdicts(i);
				if (verdict.getSend()) {
					this.kept.printRecord(batch.get(i).values());
					this.keptRows++;
				}
				else {
					drop(batch.get(i).values(), verdict.getCode().name().replace("REASON_CODE_", ""),
							verdict.getMessage());
				}
			}
		}
		this.window.release();
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
