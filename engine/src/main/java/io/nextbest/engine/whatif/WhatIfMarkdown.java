package io.nextbest.engine.whatif;

import java.util.Locale;

import io.nextbest.engine.whatif.WhatIfReport.ActionVolume;
import io.nextbest.engine.whatif.WhatIfReport.Cell;
import io.nextbest.engine.whatif.WhatIfReport.ChannelMatrix;
import io.nextbest.engine.whatif.WhatIfReport.RuleChange;
import io.nextbest.engine.whatif.WhatIfReport.RuleRef;

/**
 * Renders a {@link WhatIfReport} as Markdown for a pull-request comment: the headline
 * numbers first, then per channel the changed pairs with example customers, the rules
 * whose firings changed or that never fire, and the volumes against capacities.
 */
final class WhatIfMarkdown {

	/** Changed pairs shown per channel; the rest are counted in one line. */
	private static final int MAX_CELLS = 25;

	private WhatIfMarkdown() {
	}

	static String render(WhatIfReport report) {
		StringBuilder md = new StringBuilder();
		md.append("## What-if: `")
			.append(short12(report.candidate().hash()))
			.append("` against serving `")
			.append(short12(report.base().hash()))
			.append("`\n\n");
		md.append(count(report.customers()))
			.append(report.customers() == 1 ? " customer" : " customers")
			.append(" (")
			.append(report.population())
			.append("), decided at ")
			.append(report.decidedAt())
			.append(".\n");
		if (report.changedCustomers() == 0) {
			md.append("**No customer's outcome changes.**\n");
		}
		else {
			md.append("**")
				.append(count(report.changedCustomers()))
				.append(" changed** on at least one channel: ")
				.append(count(report.newlyMarketed().count()))
				.append(" newly marketed to, ")
				.append(count(report.newlySuppressed().count()))
				.append(" newly suppressed.\n");
		}
		md.append("\n| channel | changed | newly marketed | newly suppressed |\n|---|---:|---:|---:|\n");
		for (ChannelMatrix channel : report.channels()) {
			md.append("| ")
				.append(escape(channel.channel()))
				.append(" | ")
				.append(count(channel.changed()))
				.append(" | ")
				.append(count(channel.newlyMarketed()))
				.append(" | ")
				.append(count(channel.newlySuppressed()))
				.append(" |\n");
		}
		for (ChannelMatrix channel : report.channels()) {
			if (channel.changed() == 0) {
				continue;
			}
			md.append("\n### ")
				.append(escape(channel.channel()))
				.append("\n\n| serving | candidate | customers | examples |\n|---|---|---:|---|\n");
			int shown = 0;
			long unchanged = 0;
			long hidden = 0;
			for (Cell cell : channel.cells()) {
				if (!cell.changed()) {
					unchanged += cell.customers();
				}
				else if (shown++ < MAX_CELLS) {
					md.append("| ")
						.append(escape(cell.base().label()))
						.append(" | ")
						.append(escape(cell.candidate().label()))
						.append(" | ")
						.append(count(cell.customers()))
						.append(" | ")
						.append(escape(String.join(", ", cell.examples())))
						.append(" |\n");
				}
				else {
					hidden += cell.customers();
				}
			}
			if (hidden > 0) {
				md.append("\n").append(count(hidden)).append(" more customers changed in other ways.\n");
			}
			md.append("\n").append(count(unchanged)).append(" unchanged.\n");
		}
		if (!report.changedRules().isEmpty()) {
			md.append(
					"\n### Rules whose firings changed\n\n| rule | serving | candidate | change |\n|---|---:|---:|---:|\n");
			for (RuleChange rule : report.changedRules()) {
				long change = rule.candidate() - rule.base();
				md.append("| ")
					.append(escape(rule.rule()))
					.append(" | ")
					.append(count(rule.base()))
					.append(" | ")
					.append(count(rule.candidate()))
					.append(" | ")
					.append((change > 0) ? "+" : "")
					.append(count(change))
					.append(" |\n");
			}
		}
		if (!report.neverFired().isEmpty()) {
			md.append("\n### Rules that never fire with the candidate\n\n");
			for (RuleRef rule : report.neverFired()) {
				md.append("- `").append(rule.file()).append("`: ").append(escape(rule.rule())).append('\n');
			}
		}
		if (!report.volumes().isEmpty()) {
			md.append(
					"\n### Daily volume per action\n\n| action | serving | candidate | capacity |\n|---|---:|---:|---:|\n");
			for (ActionVolume volume : report.volumes()) {
				md.append("| ")
					.append(escape(volume.actionId()))
					.append(" | ")
					.append(count(volume.base()))
					.append(" | ")
					.append(count(volume.candidate()))
					.append(" | ")
					.append((volume.capacity() > 0) ? count(volume.capacity()) : "")
					.append(volume.overCapacity() ? " **over**" : "")
					.append(" |\n");
			}
		}
		return md.toString();
	}

	private static String count(long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	private static String short12(String hash) {
		return (hash.length() > 12) ? hash.substring(0, 12) : hash;
	}

	/** Keeps a name from breaking a table or turning into markup. */
	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_");
	}

}
