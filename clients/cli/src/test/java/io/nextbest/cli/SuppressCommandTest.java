package io.nextbest.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.api.v1.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nextbest suppress} against an in-process SuppressionService that suppresses ids
 * ending in 7 (no consent) and ids ending in 3 (detractor).
 */
class SuppressCommandTest {

	private final String name = "suppress-" + UUID.randomUUID();

	private final AtomicInteger largestBatch = new AtomicInteger();

	private final AtomicInteger streams = new AtomicInteger();

	private final Server server;

	@TempDir
	Path directory;

	SuppressCommandTest() throws IOException {
		this.server = InProcessServerBuilder.forName(this.name)
			.addService(new SuppressionServiceGrpc.SuppressionServiceImplBase() {
				@Override
				public StreamObserver<CheckRequest> check(StreamObserver<CheckResponse> responses) {
					SuppressCommandTest.this.streams.incrementAndGet();
					return new StreamObserver<>() {
						@Override
						public void onNext(CheckRequest request) {
							SuppressCommandTest.this.largestBatch.accumulateAndGet(request.getCustomerIdsCount(),
									Math::max);
							CheckResponse.Builder response = CheckResponse.newBuilder();
							for (String id : request.getCustomerIdsList()) {
								Verdict.Builder verdict = response.addVerdictsBuilder().setCustomerId(id);
								if (id.endsWith("7")) {
									verdict.setCode(ReasonCode.REASON_CODE_NO_CONSENT).setMessage("No consent, ever.");
								}
								else if (id.endsWith("3")) {
									verdict.setCode(ReasonCode.REASON_CODE_DETRACTOR).setMessage("Unhappy");
								}
								else {
									verdict.setSend(true);
								}
							}
							responses.onNext(response.build());
						}

						@Override
						public void onError(Throwable t) {
						}

						@Override
						public void onCompleted() {
							responses.onCompleted();
						}
					};
				}
			})
			.build()
			.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void splitsRecipientsIntoKeptAndSuppressedWithReasonsAndPassesColumnsThrough() throws IOException {
		Path input = write("recipients.csv", "email,customer_id,name", "a@x.io,c1,Ann", "b@x.io,c7,\"Bo, Jr\"",
				"c@x.io,c3,Cy", "d@x.io,,Di", "e@x.io,c10,Ed");

		Run run = run("suppress", "--input", input.toString(), "--channel", "email", "--purpose", "marketing", "--kept",
				out("kept.csv"), "--suppressed", out("suppressed.csv"));

		assertThat(run.exitCode).as(run.err).isZero();
		assertThat(Files.readAllLines(this.directory.resolve("kept.csv"))).containsExactly("email,customer_id,name",
				"a@x.io,c1,Ann", "e@x.io,c10,Ed");
		// Rows with a malformed id are written at once; the others as their batch is
		// answered.
		assertThat(Files.readAllLines(this.directory.resolve("suppressed.csv")))
			.startsWith("email,customer_id,name,suppression_code,suppression_reason")
			.containsExactlyInAnyOrder("email,customer_id,name,suppression_code,suppression_reason",
					"b@x.io,c7,\"Bo, Jr\",NO_CONSENT,\"No consent, ever.\"", "c@x.io,c3,Cy,DETRACTOR,Unhappy",
					"d@x.io,,Di,INVALID_CUSTOMER_ID,the customer id is empty");
		assertThat(run.out).contains("kept 2  suppressed 3")
			.containsPattern("DETRACTOR\\s+1")
			.containsPattern("INVALID_CUSTOMER_ID\\s+1")
			.containsPattern("NO_CONSENT\\s+1");
		assertThat(run.err).contains("100%");
	}

	@Test
	void columnCanBeANumberForFilesWithoutHeader() throws IOException {
		Path input = write("plain.csv", "c1;x,c1", "c2;y,c27");

		Run run = run("suppress", "--input", input.toString(), "--no-header", "--column", "2", "--channel", "sms",
				"--purpose", "marketing", "--kept", out("kept.csv"), "--suppressed", out("suppressed.csv"));

		assertThat(run.exitCode).as(run.err).isZero();
		assertThat(Files.readAllLines(this.directory.resolve("kept.csv"))).containsExactly("c1;x,c1");
		assertThat(Files.readAllLines(this.directory.resolve("suppressed.csv")))
			.containsExactly("c2;y,c27,NO_CONSENT,\"No consent, ever.\"");
	}

	@Test
	void aQuotedValueSpanningLinesIsOneRow() throws IOException {
		Path input = write("recipients.csv", "customer_id,address", "c1,\"1 High St", "Leeds\"", "c7,\"2 Low Rd",
				"York\"", "c10,3 Mid Way");

		Run run = run("suppress", "--input", input.toString(), "--channel", "email", "--purpose", "marketing", "--kept",
				out("kept.csv"), "--suppressed", out("suppressed.csv"));

		assertThat(run.exitCode).as(run.err).isZero();
		assertThat(Files.readString(this.directory.resolve("kept.csv")))
			.isEqualTo("customer_id,address\nc1,\"1 High St\nLeeds\"\nc10,3 Mid Way\n");
		assertThat(Files.readString(this.directory.resolve("suppressed.csv"))).isEqualTo(
				"customer_id,address,suppression_code,suppression_reason\nc7,\"2 Low Rd\nYork\",NO_CONSENT,\"No consent, ever.\"\n");
		assertThat(run.out).contains("kept 2  suppressed 1");
	}

	@Test
	void aFileThatIsNotCsvIsReportedAtItsLine() throws IOException {
		Path input = write("recipients.csv", "customer_id,name", "c1,Ann", "c2,\"Bo\" Jr", "c4,Di");

		Run run = run("suppress", "--input", input.toString(), "--channel", "email", "--purpose", "marketing", "--kept",
				out("kept.csv"), "--suppressed", out("suppressed.csv"));

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err)
			.contains(input + " line 3: not valid CSV: Invalid character between encapsulated token and delimiter");
	}

	@Test
	void unknownColumnIsAUsageError() throws IOException {
		Path input = write("recipients.csv", "email,id", "a@x.io,c1");

		Run run = run("suppress", "--input", input.toString(), "--channel", "email", "--purpose", "marketing", "--kept",
				out("kept.csv"), "--suppressed", out("suppressed.csv"));

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).contains("No column 'customer_id'");
	}

	@Test
	void aLargeFileStreamsWithABoundedNumberOfRowsInMemory() throws Exception {
		Path input = this.directory.resolve("large.csv");
		int lines = 200_000;
		try (BufferedWriter writer = Files.newBufferedWriter(input)) {
			writer.write("customer_id,segment\n");
			for (int i = 0; i < lines; i++) {
				writer.write("c" + i + ",s" + (i % 5) + "\n");
			}
		}
		Recipients recipients;
		ManagedChannel channel = InProcessChannelBuilder.forName(this.name).build();
		try (var rows = Csv.parse(Files.newBufferedReader(input));
				var kept = Csv.printer(Files.newBufferedWriter(this.directory.resolve("kept.csv")));
				var suppressed = Csv.printer(Files.newBufferedWriter(this.directory.resolve("suppressed.csv")))) {
			rows.iterator().next();
			recipients = new Recipients(io.nextbest.api.v1.Campaign.getDefaultInstance(), 1_000, kept, suppressed);
			recipients.run(channel, rows, 0, (read) -> {
			});
		}
		finally {
			channel.shutdownNow();
		}

		assertThat(recipients.kept() + recipients.suppressed()).isEqualTo(lines);
		assertThat(recipients.reasons()).containsEntry("NO_CONSENT", lines / 10L)
			.containsEntry("DETRACTOR", lines / 10L);
		// However long the file, no more than the window of batches waits for verdicts.
		assertThat(recipients.maxPendingRows()).isLessThanOrEqualTo(Recipients.WINDOW * 1_000L);
		assertThat(this.largestBatch.get()).isEqualTo(1_000);
		try (Stream<String> kept = Files.lines(this.directory.resolve("kept.csv"))) {
			assertThat(kept.limit(3)).containsExactly("c0,s0", "c1,s1", "c2,s2");
		}
	}

	@Test
	void batchesGoRoundTheStreamsAndRowsComeOutInTheFileOrder() throws Exception {
		Path input = this.directory.resolve("two.csv");
		int lines = 50_000;
		List<String> expectedKept = new java.util.ArrayList<>();
		try (BufferedWriter writer = Files.newBufferedWriter(input)) {
			writer.write("customer_id\n");
			for (int i = 0; i < lines; i++) {
				writer.write("c" + i + "\n");
				if (i % 10 != 3 && i % 10 != 7) {
					expectedKept.add("c" + i);
				}
			}
		}
		Recipients recipients;
		ManagedChannel channel = InProcessChannelBuilder.forName(this.name).build();
		try (var rows = Csv.parse(Files.newBufferedReader(input));
				var kept = Csv.printer(Files.newBufferedWriter(this.directory.resolve("kept.csv")));
				var suppressed = Csv.printer(Files.newBufferedWriter(this.directory.resolve("suppressed.csv")))) {
			rows.iterator().next();
			recipients = new Recipients(io.nextbest.api.v1.Campaign.getDefaultInstance(), 700, 2, kept, suppressed);
			recipients.run(channel, rows, 0, (read) -> {
			});
		}
		finally {
			channel.shutdownNow();
		}

		assertThat(this.streams.get()).isEqualTo(2);
		assertThat(recipients.kept()).isEqualTo(expectedKept.size());
		assertThat(recipients.suppressed()).isEqualTo(lines - expectedKept.size());
		assertThat(recipients.maxPendingRows()).isLessThanOrEqualTo(Recipients.WINDOW * 2 * 700L);
		assertThat(Files.readAllLines(this.directory.resolve("kept.csv"))).isEqualTo(expectedKept);
	}

	private Path write(String file, String... lines) throws IOException {
		return Files.write(this.directory.resolve(file), List.of(lines));
	}

	private String out(String file) {
		return this.directory.resolve(file).toString();
	}

	private Run run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = NextBestCli
			.commandLine((target, credentials) -> InProcessChannelBuilder.forName(this.name).build())
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new Run(exitCode, out.toString(), err.toString());
	}

	private record Run(int exitCode, String out, String err) {
	}

}
