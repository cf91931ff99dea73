package io.nextbest.engine.whatif;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nextbest.engine.decision.ChannelDecision;
import io.nextbest.engine.decision.ChannelDecision.ChosenAction;
import io.nextbest.engine.decision.Decision;

/**
 * What a what-if counted so far over part of the population: the outcome pairs per
 * channel, who changed, rule firings and action volumes per arm. One tally per thread (it
 * is not thread-safe, so that adding costs no lock); tallies of disjoint parts of the
 * population {@link #merge merge} into the tally of the whole, in any order, to the same
 * result, so the work can be split over threads, processes or cluster members: a tally
 * {@link #writeTo written} in one JVM is {@link #readFrom read} back whole in another.
 */
public final class WhatIfTally {

	private long customers;

	/** Per channel (or channel and placement), in the request's order. */
	private final Map<String, Slot> slots = new LinkedHashMap<>();

	/**
	 * The same slots by position in a decision: every decision of a what-if has the same
	 * channels in the same order, so a slot's name is made once, not per customer.
	 */
	private final List<Slot> byPosition = new ArrayList<>();

	private final Map<String, long[]> firings = new HashMap<>();

	private final Map<String, long[]> volumes = new HashMap<>();

	private long newlyMarketed;

	private long newlySuppressed;

	private long changed;

	private final Examples newlyMarketedExamples = new Examples();

	private final Examples newlySuppressedExamples = new Examples();

	/**
	 * Counts one customer's two decisions.
	 * @param customerId the customer
	 * @param base the serving rule set's decision
	 * @param candidate the candidate's decision, for the same request
	 */
	void add(String customerId, Decision base, Decision candidate) {
		this.customers++;
		boolean marketed = false;
		boolean suppressed = false;
		boolean anyChange = false;
		List<ChannelDecision> baseChannels = base.channels();
		List<ChannelDecision> candidateChannels = candidate.channels();
		for (int i = 0; i < baseChannels.size(); i++) {
			ChannelDecision before = baseChannels.get(i);
			ChannelDecision after = candidateChannels.get(i);
			Outcome from = Outcome.of(before);
			Outcome to = Outcome.of(after);
			Slot slot = (i < this.byPosition.size()) ? this.byPosition.get(i) : slotAt(i, before);
			slot.add(customerId, from, to);
			if (!from.equals(to)) {
				anyChange = true;
				if (!from.marketing() && to.marketing()) {
					slot.newlyMarketed++;
					marketed = true;
				}
				if (from.kind() != Outcome.Kind.SUPPRESSION && to.kind() == Outcome.Kind.SUPPRESSION) {
					slot.newlySuppressed++;
					suppressed = true;
				}
			}
			for (ChosenAction action : before.actions()) {
				this.volumes.computeIfAbsent(action.definition().id(), (id) -> new long[2])[0]++;
			}
			for (ChosenAction action : after.actions()) {
				this.volumes.computeIfAbsent(action.definition().id(), (id) -> new long[2])[1]++;
			}
		}
		for (String rule : base.firedRules()) {
			this.firings.computeIfAbsent(rule, (r) -> new long[2])[0]++;
		}
		for (String rule : candidate.firedRules()) {
			this.firings.computeIfAbsent(rule, (r) -> new long[2])[1]++;
		}
		if (anyChange) {
			this.changed++;
		}
		if (marketed) {
			this.newlyMarketed++;
			this.newlyMarketedExamples.add(customerId);
		}
		if (suppressed) {
			this.newlySuppressed++;
			this.newlySuppressedExamples.add(customerId);
		}
	}

	private Slot slotAt(int position, ChannelDecision decision) {
		Slot slot = this.slots.computeIfAbsent(slot(decision), (name) -> new Slot());
		if (position == this.byPosition.size()) {
			this.byPosition.add(slot);
		}
		return slot;
	}

	/**
	 * Adds another tally, of customers this one has not counted.
	 * @param other the other tally; it must not be used afterwards
	 * @return this tally
	 */
	public WhatIfTally merge(WhatIfTally other) {
		this.customers += other.customers;
		other.slots.forEach((name, slot) -> this.slots.computeIfAbsent(name, (n) -> new Slot()).merge(slot));
		other.firings.forEach((rule, counts) -> add(this.firings, rule, counts));
		other.volumes.forEach((action, counts) -> add(this.volumes, action, counts));
		this.newlyMarketed += other.newlyMarketed;
		this.newlySuppressed += other.newlySuppressed;
		this.changed += other.changed;
		this.newlyMarketedExamples.addAll(other.newlyMarketedExamples);
		this.newlySuppressedExamples.addAll(other.newlySuppressedExamples);
		return this;
	}

	/**
	 * Writes the whole tally, for {@link #readFrom} in another JVM.
	 * @param out where to
	 * @throws IOException when writing fails
	 */
	public void writeTo(DataOutput out) throws IOException {
		out.writeLong(this.customers);
		out.writeInt(this.slots.size());
		for (Map.Entry<String, Slot> named : this.slots.entrySet()) {
			Slot slot = named.getValue();
			out.writeUTF(named.getKey());
			out.writeLong(slot.newlyMarketed);
			out.writeLong(slot.newlySuppressed);
			out.writeInt(slot.cells.size());
			for (Map.Entry<Cell, Count> cell : slot.cells.entrySet()) {
				cell.getKey().base().writeTo(out);
				cell.getKey().candidate().writeTo(out);
				out.writeLong(cell.getValue().customers);
				writeExamples(out, cell.getValue().examples);
			}
		}
		writeCounts(out, this.firings);
		writeCounts(out, this.volumes);
		out.writeLong(this.newlyMarketed);
		out.writeLong(this.newlySuppressed);
		out.writeLong(this.changed);
		writeExamples(out, this.newlyMarketedExamples);
		writeExamples(out, this.newlySuppressedExamples);
	}

	/**
	 * Reads a tally {@link #writeTo} wrote.
	 * @param in where from
	 * @return the tally, to merge into another or to report
	 * @throws IOException when reading fails or the bytes are not a tally
	 */
	public static WhatIfTally readFrom(DataInput in) throws IOException {
		WhatIfTally tally = new WhatIfTally();
		tally.customers = in.readLong();
		int slots = in.readInt();
		for (int i = 0; i < slots; i++) {
			Slot slot = new Slot();
			tally.slots.put(in.readUTF(), slot);
			tally.byPosition.add(slot);
			slot.newlyMarketed = in.readLong();
			slot.newlySuppressed = in.readLong();
			int cells = in.readInt();
			for (int c = 0; c < cells; c++) {
				Cell cell = new Cell(Outcome.readFrom(in), Outcome.readFrom(in));
				Count count = new Count(cell.changed());
				count.customers = in.readLong();
				readExamples(in, count.examples);
				slot.cells.put(cell, count);
			}
		}
		readCounts(in, tally.firings);
		readCounts(in, tally.volumes);
		tally.newlyMarketed = in.readLong();
		tally.newlySuppressed = in.readLong();
		tally.changed = in.readLong();
		readExamples(in, tally.newlyMarketedExamples);
		readExamples(in, tally.newlySuppressedExamples);
		return tally;
	}

	private static void writeCounts(DataOutput out, Map<String, long[]> counts) throws IOException {
		out.writeInt(counts.size());
		for (Map.Entry<String, long[]> entry : counts.entrySet()) {
			out.writeUTF(entry.getKey());
			out.writeLong(entry.getValue()[0]);
			out.writeLong(entry.getValue()[1]);
		}
	}

	private static void readCounts(DataInput in, Map<String, long[]> into) throws IOException {
		int size = in.readInt();
		for (int i = 0; i < size; i++) {
			into.put(in.readUTF(), new long[] { in.readLong(), in.readLong() });
		}
	}

	/** Examples, or none for a cell without (-1), which reads back as none. */
	private static void writeExamples(DataOutput out, Examples examples) throws IOException {
		if (examples == null) {
			out.writeInt(-1);
			return;
		}
		List<String> ids = examples.list();
		out.writeInt(ids.size());
		for (String id : ids) {
			out.writeUTF(id);
		}
	}

	private static void readExamples(DataInput in, Examples into) throws IOException {
		int size = in.readInt();
		if (size > 0 && into == null) {
			throw new IOException("examples for a cell without changes");
		}
		for (int i = 0; i < size; i++) {
			into.add(in.readUTF());
		}
	}

	private static void add(Map<String, long[]> into, String key, long[] counts) {
		long[] sum = into.computeIfAbsent(key, (k) -> new long[2]);
		sum[0] += counts[0];
		sum[1] += counts[1];
	}

	/**
	 * @return the customers counted
	 */
	public long customers() {
		return this.customers;
	}

	Map<String, Slot> slots() {
		return this.slots;
	}

	Map<String, long[]> firings() {
		return this.firings;
	}

	Map<String, long[]> volumes() {
		return this.volumes;
	}

	long newlyMarketed() {
		return this.newlyMarketed;
	}

	long newlySuppressed() {
		return this.newlySuppressed;
	}

	long changed() {
		return this.changed;
	}

	Examples newlyMarketedExamples() {
		return this.newlyMarketedExamples;
	}

	Examples newlySuppressedExamples() {
		return this.newlySuppressedExamples;
	}

	/**
	 * The name of a channel's outcome: {@code email}, or {@code web hero} for a
	 * placement.
	 */
	static String slot(ChannelDecision decision) {
		String channel = decision.channel().name().toLowerCase(Locale.ROOT).replace('_', '-');
		return decision.placement().isEmpty() ? channel : channel + " " + decision.placement();
	}

	/** The counts of one channel or placement. */
	static final class Slot {

		final Map<Cell, Count> cells = new HashMap<>();

		long newlyMarketed;

		long newlySuppressed;

		void add(String customerId, Outcome from, Outcome to) {
			Cell cell = new Cell(from, to);
			Count count = this.cells.computeIfAbsent(cell, (c) -> new Count(c.changed()));
			count.customers++;
			if (count.examples != null) {
				count.examples.add(customerId);
			}
		}

		void merge(Slot other) {
			other.cells.forEach((cell, count) -> {
				Count sum = this.cells.computeIfAbsent(cell, (c) -> new Count(c.changed()));
				sum.customers += count.customers;
				if (sum.examples != null) {
					sum.examples.addAll(count.examples);
				}
			});
			this.newlyMarketed += other.newlyMarketed;
			this.newlySuppressed += other.newlySuppressed;
		}

	}

	/** A pair of outcomes, base then candidate. */
	record Cell(Outcome base, Outcome candidate) {

		boolean changed() {
			return !this.base.equals(this.candidate);
		}

	}

	/** How many customers a cell has, and examples when it is a change. */
	static final class Count {

		long customers;

		final Examples examples;

		Count(boolean changed) {
			this.examples = changed ? new Examples() : null;
		}

	}

}
