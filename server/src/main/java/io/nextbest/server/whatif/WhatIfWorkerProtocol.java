package io.nextbest.server.whatif;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.decision.Placement;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.whatif.PopulationFilter;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Stage;

/**
 * What the server and a what-if's worker process ({@link WhatIfWorkerMain}) say to each
 * other over the worker's standard input and output. The server sends a {@link Job} (both
 * rule sets' files, the request template, the moment, the frozen response rates, the
 * filter), then pages of stored contexts as the durable store holds them, then the end;
 * the worker answers how many customers of the population it has decided as it goes, and
 * the tally of the whole ({@link io.nextbest.engine.whatif.WhatIfTally#writeTo}) or why
 * it failed. Both ends are the same build's classes, so the format carries no version.
 */
final class WhatIfWorkerProtocol {

	/** Server to worker: a page of stored contexts follows. */
	static final int PAGE = 1;

	/** Server to worker: no more pages. */
	static final int END = 2;

	/**
	 * Worker to server: a page was decided; how many customers of the population have
	 * been decided so far follows.
	 */
	static final int DECIDED = 1;

	/** Worker to server: the tally of every page follows. */
	static final int TALLY = 2;

	/** Worker to server: it failed; why follows. */
	static final int FAILED = 3;

	/** The longest failure message sent. */
	private static final int MAX_MESSAGE = 4000;

	private WhatIfWorkerProtocol() {
	}

	/**
	 * A what-if for the worker to decide.
	 *
	 * @param base the serving rule set's files
	 * @param candidate the candidate's files
	 * @param template the request every customer is decided for
	 * @param at the moment of every decision
	 * @param rates the population response rates, frozen at the start
	 * @param filter which customers to decide
	 * @param threads the worker's deciding threads
	 */
	record Job(RuleFiles base, RuleFiles candidate, DecisionRequest template, Instant at, PopulationRates rates,
			PopulationFilter filter, int threads) {
	}

	static void write(DataOutput out, Job job) throws IOException {
		write(out, job.base());
		write(out, job.candidate());
		write(out, job.template());
		out.writeLong(job.at().getEpochSecond());
		out.writeInt(job.at().getNano());
		write(out, job.rates());
		PopulationFilter filter = job.filter();
		out.writeUTF(filter.journey());
		out.writeUTF((filter.stage() != null) ? filter.stage().name() : "");
		out.writeUTF(filter.segment());
		out.writeDouble(filter.sample());
		out.writeLong(filter.seed());
		out.writeInt(job.threads());
	}

	static Job readJob(DataInput in) throws IOException {
		RuleFiles base = readFiles(in);
		RuleFiles candidate = readFiles(in);
		DecisionRequest template = readRequest(in);
		Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
		PopulationRates rates = readRates(in);
		String journey = in.readUTF();
		String stage = in.readUTF();
		PopulationFilter filter = new PopulationFilter(journey, stage.isEmpty() ? null : Stage.valueOf(stage),
				in.readUTF(), in.readDouble(), in.readLong());
		return new Job(base, candidate, template, at, rates, filter, in.readInt());
	}

	/** A page of stored contexts, as the durable store holds them. */
	static void writePage(DataOutput out, List<byte[]> contexts) throws IOException {
		out.writeByte(PAGE);
		out.writeInt(contexts.size());
		for (byte[] context : contexts) {
			out.writeInt(context.length);
			out.write(context);
		}
	}

	/** The rest of a page, after its {@link #PAGE} tag. */
	static List<byte[]> readPage(DataInput in) throws IOException {
		int size = in.readInt();
		List<byte[]> page = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			byte[] context = new byte[in.readInt()];
			in.readFully(context);
			page.add(context);
		}
		return page;
	}

	static void writeFailure(DataOutput out, Throwable failure) throws IOException {
		out.writeByte(FAILED);
		String message = String.valueOf(failure);
		out.writeUTF((message.length() > MAX_MESSAGE) ? message.substring(0, MAX_MESSAGE) : message);
	}

	private static void write(DataOutput out, RuleFiles files) throws IOException {
		out.writeInt(files.files().size());
		for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
			out.writeUTF(file.getKey());
			out.writeInt(file.getValue().length);
			out.write(file.getValue());
		}
	}

	private static RuleFiles readFiles(DataInput in) throws IOException {
		int size = in.readInt();
		SortedMap<String, byte[]> files = new TreeMap<>();
		for (int i = 0; i < size; i++) {
			String name = in.readUTF();
			byte[] content = new byte[in.readInt()];
			in.readFully(content);
			files.put(name, content);
		}
		return new RuleFiles(files);
	}

	private static void write(DataOutput out, DecisionRequest request) throws IOException {
		out.writeInt(request.channels().size());
		for (Channel channel : request.channels()) {
			out.writeUTF(channel.name());
		}
		out.writeUTF(request.page());
		out.writeUTF(request.placement());
		out.writeUTF(request.device());
		out.writeUTF(request.locale());
		out.writeInt(request.attributes().size());
		for (Map.Entry<String, String> attribute : request.attributes().entrySet()) {
			out.writeUTF(attribute.getKey());
			out.writeUTF(attribute.getValue());
		}
		out.writeInt(request.maxActions());
		out.writeInt(request.placements().size());
		for (Placement placement : request.placements()) {
			out.writeUTF(placement.name());
			out.writeUTF(placement.channel().name());
			out.writeInt(placement.maxActions());
		}
	}

	private static DecisionRequest readRequest(DataInput in) throws IOException {
		int channelCount = in.readInt();
		List<Channel> channels = new ArrayList<>(channelCount);
		for (int i = 0; i < channelCount; i++) {
			channels.add(Channel.valueOf(in.readUTF()));
		}
		String page = in.readUTF();
		String placement = in.readUTF();
		String device = in.readUTF();
		String locale = in.readUTF();
		int attributeCount = in.readInt();
		Map<String, String> attributes = new LinkedHashMap<>();
		for (int i = 0; i < attributeCount; i++) {
			attributes.put(in.readUTF(), in.readUTF());
		}
		int maxActions = in.readInt();
		int placementCount = in.readInt();
		List<Placement> placements = new ArrayList<>(placementCount);
		for (int i = 0; i < placementCount; i++) {
			placements.add(new Placement(in.readUTF(), Channel.valueOf(in.readUTF()), in.readInt()));
		}
		return new DecisionRequest("", List.copyOf(channels), page, placement, device, locale,
				Collections.unmodifiableMap(attributes), maxActions, List.copyOf(placements), false);
	}

	private static void write(DataOutput out, PopulationRates rates) throws IOException {
		out.writeInt(rates.size());
		rates.forEach((action, counts) -> {
			try {
				out.writeUTF(action);
				for (Channel channel : Channel.values()) {
					out.writeLong(counts.exposures(channel));
					out.writeLong(counts.positives(channel));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static PopulationRates readRates(DataInput in) throws IOException {
		int size = in.readInt();
		PopulationRates.Builder rates = PopulationRates.builder();
		for (int i = 0; i < size; i++) {
			String action = in.readUTF();
			for (Channel channel : Channel.values()) {
				rates.add(action, channel, in.readLong(), in.readLong());
			}
		}
		return rates.build();
	}

}
