package io.nextbest.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	private static final String ANALYSIS = "## Where the time goes\n\nThe analysis.\n";

	@Test
	void theSuiteKeepsTheSectionsOtherStepsWroteAndDropsItsOwnMicrobenchmarks() {
		String results = """
				# Benchmark results

				| figure | value |
				|---|---:|
				| echo | 1/s |

				## Measured with h2load (today)

				| h2load | 2/s |

				## Microbenchmarks (JMH, 1 fork, 3 × 1 s warm-up, 4 × 1 s measured)

				| old | 3 |

				## Context store and owner routing microbenchmarks (JMH, 1 fork)

				| store | 4 |

				""" + ANALYSIS + "\n### Earlier runs\n\nold analysis\n";

		assertThat(Report.otherSteps(results, ANALYSIS)).isEqualTo("""
				## Measured with h2load (today)

				| h2load | 2/s |

				## Context store and owner routing microbenchmarks (JMH, 1 fork)

				| store | 4 |

				""");
	}

	@Test
	void aFirstRunKeepsNothing() {
		assertThat(Report.otherSteps("# Benchmark results\n\n| echo | 1/s |\n", ANALYSIS)).isEmpty();
	}

}
