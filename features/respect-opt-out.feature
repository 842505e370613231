@law @respect-opt-out
Feature: Respect an opt-out
  Everyone has the right to object to being contacted: once someone says “do not contact me”,
  that is final, and their data is erased when they ask.

  After a "do not contact me", no contact of ours can be recorded (it is refused, nothing is written)
  and nothing is ever suggested again. Erasure on request makes the person's details unreadable
  while the record of what happened stays whole.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00
    And Sam emailed Ada about compilers on Monday 2 March 2026 at 11:00
    And Ada asked not to be contacted on Thursday 5 March 2026 at 10:00

  Scenario Outline: "Do not contact me" is final, however long ago it was said
    When it is <now>
    Then there is nothing to suggest for Ada, ever
    And the reason given is "Respect an opt-out"
    And the agenda is empty

    Examples:
      | now                            |
      | Thursday 5 March 2026 at 10:00 |
      | Monday 6 March 2028 at 09:00   |

  Scenario Outline: Someone who asked not to be contacted, recorded as contacted, is refused
    When <touch> on <when>
    Then it is refused, as Ada asked not to be contacted
    And nothing new is recorded

    Examples:
      | touch                                        | when                           |
      | Sam emailed Ada about compilers              | Friday 6 March 2026 at 10:00   |
      | Sam talked with Ada on the phone             | Friday 6 March 2026 at 10:00   |
      | Sam presented the Staff Engineer role to Ada | Friday 6 March 2026 at 10:00   |
      | Sam asked Ada who they know with Rust        | Friday 6 March 2026 at 10:00   |
      | Sam offered Ada a connection                 | Friday 6 March 2026 at 10:00   |
      | Sam emailed Ada about compilers              | Thursday 5 March 2026 at 10:00 |

  Scenario: A touch from before the opt-out can still be recorded, backdated
    Given it is now Friday 6 March 2026 at 11:00
    When Sam talked with Ada on the phone on Wednesday 4 March 2026 at 16:00
    Then it is recorded
    And there is nothing to suggest for Ada, ever

  Scenario: No one is blamed for a call they may no longer make
    Given Sam talked with Ada on the phone on Wednesday 4 March 2026 at 10:00
    And Ada was busy on Wednesday 4 March 2026 at 10:05 and agreed to a call on Friday 6 March 2026 at 10:00
    When it is Monday 30 March 2026 at 09:00
    Then the coaching report does not show a missed callback
    And the coaching report does not show a dropped busy answer

  Scenario: Erasure on request makes their details unreadable, and the record stays whole
    Given Grace Hopper was added to the pipeline on Monday 2 March 2026 at 09:00
    When Ada asked to have her data erased
    Then nothing about Ada can be read any more
    And the record of what happened is kept whole
    And Grace Hopper can still be read

  Scenario: An opt-out cannot be withdrawn, not even as a mistake
    When Sam tries to withdraw Ada's opt-out on Friday 6 March 2026 at 09:00
    Then it is refused: an opt-out stands for good
    And nothing new is recorded
    And there is nothing to suggest for Ada, ever
