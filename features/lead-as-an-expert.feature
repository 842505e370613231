@dont @lead-as-an-expert
Feature: Don't present yourself as a recruiter
  Very few individuals who’d be considered top, truly passive talent are willing to engage or
  build relationships with recruiters, however they would no doubt be willing to maintain
  relationships with subject matter experts.

  The first email leads with the industry: the common ground on record, else their work. Opening
  a round with a recruiter's introduction or a job is reported.

  Background:
    Given Sam is a recruiter working on London time

  Scenario: The first email leads with the common ground
    Given Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada, finding compilers and PyCon talks in common, on Monday 2 March 2026 at 10:00
    Then the next step is to send Ada a first networking email on Monday 2 March 2026 at 10:00
    And the suggestion mentions "compilers and PyCon talks"
    And the suggestion mentions "not with being a recruiter"
    And the reasons given include "Don't present yourself as a recruiter"

  Scenario: With no common ground, the first email is about their work
    Given Ada Lovelace, who works at Babbage Computing, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00
    Then the next step is to send Ada a first networking email on Monday 2 March 2026 at 10:00
    And the suggestion mentions "Babbage Computing"

  Scenario Outline: Opening as a recruiter is reported
    Given Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00
    When <first touch> on Tuesday 3 March 2026 at 10:00
    Then Sam is warned at once of opening as a recruiter
    And the coaching report shows opening as a recruiter by Sam with Ada on Tuesday 3 March 2026

    Examples:
      | first touch                                         |
      | Sam emailed Ada to introduce himself as a recruiter |
      | Sam emailed Ada about a job                         |
      | Sam presented the Staff Engineer role to Ada        |

  Scenario: A networking email about their industry opens well
    Given Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00
    When Sam emailed Ada about compilers on Tuesday 3 March 2026 at 10:00
    Then Sam is not warned
    And the coaching report shows nothing for Ada
