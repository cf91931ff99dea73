package io.nextbest.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.Purpose;

/**
 * {@code nextbest suppress} end to end ({@code --only-suppress-cli}): the command-line
 * tool's jar started as a user starts it, on a CSV of a million recipients (one in ten
 * unknown to the server, an email and a first name beside each id), against the server's
 * own bulk checks of the same recipients over one stream and over two in the same run.
 * The tool's time includes its JVM's start, reading and writing the files.
 */
final class SuppressCli {

	static final int ROWS = 1_000_000;

	private static final Pattern SUMMARY = Pattern.compile("kept ([\\d,]+)\\s+suppressed ([\\d,]+)");

	private SuppressCli() {
	}

	/**
	 * @param rowsPerSecond the tool's rows per second, JVM start included
	 * @param oneStream the server's checks per second, one stream of batches
	 * @param twoStreams likewise, two streams
	 */
	record Figures(Path jar, double rowsPerSecond, double oneStream, double twoStreams) {

	}

	/**
	 * @param cliJars the tool's jars: more than one (two builds) run in turn, after the
	 * server's checks of each round
	 */
	static List<Figures> measure(ManagedChannel channel, int port, int customers, List<Path> cliJars, int runs)
			throws Exception {
		for (Path cliJar : cliJars) {
			if (!Files.exists(cliJar)) {
				throw new IllegalStateException("No " + cliJar + ": build the command-line tool first "
						+ "(mvn -pl clients/cli -am package -DskipTests).");
			}
		}
		Path dir = Files.createDirectories(Path.of("benchmarks/target/suppress-cli"));
		Path input = dir.resolve("recipients.csv");
		try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
			out.write("customer_id,email,first_name\n");
			for (int i = 0; i < ROWS; i++) {
				String id = recipient(i, customers);
				out.write(id + "," + id + "@example.com,Name " + (i % 997) + "\n");
			}
		}
		Campaign campaign = Campaign.newBuilder()
			.setCampaignId("cli")
			.setChannel(Channel.CHANNEL_EMAIL)
			.setPurpose(Purpose.PURPOSE_MARKETING)
			.build();
		Feeds.check(channel, campaign, (i) -> recipient(i, customers), 200_000, 5_000, 1);
		List<List<Double>> tools = new ArrayList<>();
		cliJars.forEach((jar) -> tools.add(new ArrayList<>()));
		List<Double> one = new ArrayList<>();
		List<Double> two = new ArrayList<>();
		for (int run = 0; run < runs; run++) {
			one.add(Feeds.check(channel, campaign, (i) -> recipient(i, customers), ROWS, 5_000, 1).perSecond());
			two.add(Feeds.check(channel, campaign, (i) -> recipient(i, customers), ROWS, 5_000, 2).perSecond());
			for (int j = 0; j < cliJars.size(); j++) {
				tools.get(j).add(runTool(cliJars.get(j), port, input, dir));
				Suite.log(String.format(Locale.ROOT,
						"%s: nextbest suppress %.0f rows/s end to end; server checks one stream %.0f/s, two streams %.0f/s",
						cliJars.get(j), tools.get(j).get(run), one.get(run), two.get(run)));
			}
		}
		List<Figures> figures = new ArrayList<>();
		for (int j = 0; j < cliJars.size(); j++) {
			figures.add(new Figures(cliJars.get(j), median(tools.get(j)), median(one), median(two)));
		}
		return figures;
	}

	/** Rows per second of one run of the tool, from its start to its exit. */
	private static double runTool(Path cliJar, int port, Path input, Path dir) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Path log = dir.resolve("cli.log");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", cliJar.toString(), "--target",
				"127.0.0.1:" + port, "suppress", "--input", input.toString(), "--channel", "email", "--purpose",
				"marketing", "--campaign", "cli", "--kept", dir.resolve("kept.csv").toString(), "--suppressed",
				dir.resolve("suppressed.csv").toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		long start = System.nanoTime();
		Process process = builder.start();
		int exit = process.waitFor();
		double seconds = (System.nanoTime() - start) / 1e9;
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Matcher summary = SUMMARY.matcher(output);
		if (exit != 0 || !summary.find()) {
			throw new IllegalStateException("nextbest suppress failed (exit " + exit + "):\n" + output);
		}
		long rows = count(summary.group(1)) + count(summary.group(2));
		if (rows != ROWS) {
			throw new IllegalStateException("nextbest suppress wrote " + rows + " rows of " + ROWS + ":\n" + output);
		}
		return ROWS / seconds;
	}

	private static long count(String number) {
		return Long.parseLong(number.replace(",", ""));
	}

	/** Recipient i: a customer of the population, or one in ten unknown. */
	private static String recipient(int i, int customers) {
		return (i % 10 == 9) ? "unknown-" + i : Population.customerId((int) ((i * 2_654_435_761L) % customers));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	static String describe(Figures figures) {
		return String.format(Locale.ROOT,
				"%s: nextbest suppress, %,d rows end to end: %.0f rows/s (medians); the server's own checks of the "
						+ "same recipients: one stream %.0f/s, two streams %.0f/s (%.2f and %.2f of them)",
				figures.jar(), ROWS, figures.rowsPerSecond(), figures.oneStream(), figures.twoStreams(),
				figures.rowsPerSecond() / figures.oneStream(), figures.rowsPerSecond() / figures.twoStreams());
	}

}
