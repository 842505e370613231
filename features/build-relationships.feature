@do @build-relationships
Feature: Build relationships with the best people you know
  You need to make sure that you take a note of their details and then keep that person in your
  individual pipeline.
  And because you’ve met – or worked with them – before you have a natural opening to the
  conversation.

  Someone met and marked "I would hire this person" is in the recruiter's own pipeline: kept in
  touch with more often than everyone else, first on the agenda, and the first email mentions
  where you met.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00

  Scenario: The first email mentions where you met
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    Then the next step is to send Ada a first networking email on Tuesday 3 March 2026 at 10:00
    And the suggestion mentions "PyCon"
    And the reasons given include "Build relationships with the best people you know"

  Scenario: A meeting recorded weeks later counts from the day you met
    Given it is now Friday 6 March 2026 at 11:00
    And Sam met Ada at PyCon on Monday 2 February 2026 at 10:00 and would hire her
    And Sam researched Ada on Friday 6 March 2026 at 11:00
    Then the next step is to send Ada a first networking email on Friday 6 March 2026 at 11:00
    And the suggestion mentions "PyCon"

  Scenario: Having met is not yet a conversation: the first email still needs an answer
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    Then the next step is to call Ada on Monday 9 March 2026 at 10:00

  Scenario Outline: Keep in touch with the people you would hire more often
    Given the team keeps in touch with people they would hire every <days> days
    And Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    And Ada replied on Thursday 5 March 2026 at 14:00
    And Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 14:30
    And Sam asked Ada who they know with Rust on Thursday 5 March 2026 at 15:00
    Then the next step is to keep in touch with Ada on <keep in touch>

    Examples:
      | days         | keep in touch                  |
      | the usual 60 | Monday 4 May 2026 at 15:00     |
      | 30           | Saturday 4 April 2026 at 15:00 |

  Scenario Outline: Everyone else is kept in touch with less often
    Given the team keeps in touch with everyone else every <days> days
    And Sam met Ada at PyCon on Monday 2 March 2026 at 10:00
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    And Ada replied on Thursday 5 March 2026 at 14:00
    And Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 14:30
    Then the next step is to keep in touch with Ada on <keep in touch>

    Examples:
      | days          | keep in touch                     |
      | the usual 180 | Tuesday 1 September 2026 at 14:00 |
      | 90            | Wednesday 3 June 2026 at 14:00    |

  Scenario Outline: Someone put aside is not due before the snooze ends
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    And Sam put Ada aside until Friday 13 March 2026 at 09:00 because she is on holiday, on Thursday 5 March 2026 at 12:00
    When it is <now>
    Then the next step is to call Ada on <call>

    Examples:
      | now                             | call                            |
      | Tuesday 10 March 2026 at 09:00  | Friday 13 March 2026 at 09:00   |
      | Monday 16 March 2026 at 09:00   | Monday 9 March 2026 at 10:00    |

  Scenario: An answer ends the snooze at once
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    And Sam put Ada aside until Monday 6 April 2026 at 09:00, on Wednesday 4 March 2026 at 10:00
    And Ada replied on Thursday 5 March 2026 at 14:00
    Then the next step is to ask Ada what would make a move worthwhile on Thursday 5 March 2026 at 14:00

  Scenario Outline: Someone you would hire is not left waiting
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 10:00
    When it is <now>
    Then the coaching report <shows> leaving someone waiting with Ada

    Examples:
      | now                            | shows         |
      | Tuesday 10 March 2026 at 09:59 | does not show |
      | Tuesday 10 March 2026 at 10:00 | shows         |

  Scenario: Someone never met is not told "because you have met"
    Given Sam researched Ada on Tuesday 3 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 4 March 2026 at 09:00
    And Ada replied on Thursday 5 March 2026 at 14:00
    And Sam noted that Ada cares most about growth on Thursday 5 March 2026 at 14:30
    Then the next step is to keep in touch with Ada on Tuesday 1 September 2026 at 14:00
    And the seed lines quoted do not say "because you’ve met"

  Scenario: The people you would hire come first on the agenda
    Given Grace Hopper was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Grace on Monday 2 March 2026 at 10:00
    And Sam met Ada at PyCon on Tuesday 3 March 2026 at 10:00 and would hire her
    And Sam researched Ada on Tuesday 3 March 2026 at 11:00
    When it is Friday 6 March 2026 at 11:00
    Then the agenda lists Ada, then Grace

  Scenario: Someone put aside is off the agenda, and listed as put aside until then
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 10:00 and would hire her
    And Sam put Ada aside until Monday 16 March 2026 at 09:00 because she is moving house, on Tuesday 3 March 2026 at 12:00
    When it is Tuesday 10 March 2026 at 09:00
    Then the agenda does not list Ada
    And Ada is listed as put aside until Monday 16 March 2026 at 09:00
