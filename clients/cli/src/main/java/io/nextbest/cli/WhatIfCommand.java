package io.nextbest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.grpc.ManagedChannel;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.RequestContext;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.WhatIfExample;
import io.nextbest.api.v1.WhatIfPopulation;
import io.nextbest.api.v1.WhatIfProgress;
import io.nextbest.api.v1.WhatIfReport;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfUpdate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest whatif}: runs a what-if on the server, a candidate rule set against the
 * serving one over the stored customers, with a progress line on stderr and the Markdown
 * summary (or the report as JSON) on stdout.
 */
@Command(name = "whatif", mixinStandardHelpOptions = true,
		description = "Shows what a candidate rule set would change for the stored customers, before it goes live.")
final class WhatIfCommand implements Runnable {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "1")
	private Candidate candidate;

	/** Where the candidate rule set is: one of the two. */
	static final class Candidate {

		@Option(names = "--candidate", required = true, paramLabel = "DIR",
				description = "The candidate rules directory on the server, relative to its rules directory "
						+ "(e.g. ../rules-branch).")
		private String directory;

		@Option(names = "--candidate-ref", required = true, paramLabel = "REF",
				description = "Instead of --candidate: a git ref of the repository the server's rules directory "
						+ "is in (a branch, a tag, a commit, HEAD~1); its rules at that commit are the candidate.")
		private String ref;

	}

	@Option(names = "--channels", split = ",", required = true, paramLabel = "CHANNEL",
			converter = EnumNames.Channels.class, completionCandidates = EnumNames.Channels.class,
			description = "The channels to decide for, comma-separated: ${COMPLETION-CANDIDATES}.")
	private List<Channel> channels = new ArrayList<>();

	@Option(names = "--journey", paramLabel = "JOURNEY", description = "Only customers in this journey.")
	private String journey;

	@Option(names = "--stage", paramLabel = "STAGE", converter = EnumNames.Stages.class,
			completionCandidates = EnumNames.Stages.class,
			description = "Only customers at this stage: ${COMPLETION-CANDIDATES}.")
	private JourneyStage stage;

	@Option(names = "--segment", paramLabel = "SEGMENT", description = "Only customers of this segment.")
	private String segment;

	@Option(names = "--sample", paramLabel = "SHARE",
			description = "A random sample of the customers: the share to keep, above 0 and at most 1.")
	private double sample;

	@Option(names = "--seed", paramLabel = "N", description = "The seed of the sample (default 0).")
	private long seed;

	@Option(names = "--attr", paramLabel = "NAME=VALUE",
			description = "A fact about the request, for the rules; repeat for several.")
	private Map<String, String> attributes = new LinkedHashMap<>();

	@Option(names = "--json", description = "Print the report as JSON instead of Markdown.")
	private boolean json;

	@Option(names = "--explain",
			description = "After the Markdown, each example customer's decision with the serving rules and with the "
					+ "candidate, with their funnels: why the outcome changed.")
	private boolean explain;

	@Override
	public void run() {
		WhatIfRequest request = request();
		PrintWriter err = this.spec.commandLine().getErr();
		ManagedChannel channel = this.root.openChannel();
		WhatIfReport report = null;
		try {
			Iterator<WhatIfUpdate> updates = RulesAdminServiceGrpc.newBlockingStub(channel).whatIf(request);
			while (updates.hasNext()) {
				WhatIfUpdate update = updates.next();
				if (update.hasProgress()) {
					err.print("\r" + progress(update.getProgress()));
					err.flush();
				}
				else if (update.hasReport()) {
					report = update.getReport();
				}
			}
		}
		finally {
			channel.shutdownNow();
		}
		err.println();
		err.flush();
		if (report == null) {
			throw new IllegalStateException("the server ended the what-if without a report");
		}
		this.spec.commandLine().getOut().print(this.json ? Json.of(report) : report.getMarkdown());
		if (this.explain && !this.json) {
			this.spec.commandLine().getOut().print(examples(report));
		}
		this.spec.commandLine().getOut().flush();
	}

	/** Each explained example: the serving rules' decision, then the candidate's. */
	static String examples(WhatIfReport report) {
		StringBuilder out = new StringBuilder();
		for (WhatIfExample example : report.getExamplesList()) {
			out.append(System.lineSeparator())
				.append("### ")
				.append(example.getCustomerId())
				.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append("serving:   ")
				.append(DecisionText.of(example.getBase()))
				.append("candidate: ")
				.append(DecisionText.of(example.getCandidate()));
		}
		return out.toString();
	}

	/**
	 * For example
	 * {@code [#####.....] 512,000 of 1,024,000 customers read, 256,000 decided}.
	 */
	static String progress(WhatIfProgress progress) {
		int width = 20;
		int done = (progress.getRanges() == 0) ? 0 : width * progress.getRangesDone() / progress.getRanges();
		return "[" + "#".repeat(done) + ".".repeat(width - done) + "] "
				+ String.format(Locale.ROOT, "%,d of %,d customers read, %,d decided", progress.getRead(),
						progress.getStored(), progress.getDecided());
	}

	private WhatIfRequest request() {
		WhatIfPopulation.Builder population = WhatIfPopulation.newBuilder().setSample(this.sample).setSeed(this.seed);
		if (this.journey != null) {
			population.setJourney(this.journey);
		}
		if (this.stage != null) {
			population.setStage(this.stage);
		}
		if (this.segment != null) {
			population.setSegment(this.segment);
		}
		WhatIfRequest.Builder request = WhatIfRequest.newBuilder()
			.addAllChannels(this.channels)
			.setPopulation(population);
		if (this.candidate.ref != null) {
			request.setCandidateRef(this.candidate.ref);
		}
		else {
			request.setCandidateDirectory(this.candidate.directory);
		}
		if (!this.attributes.isEmpty()) {
			request.setContext(RequestContext.newBuilder().putAllAttributes(this.attributes));
		}
		return request.build();
	}

}
