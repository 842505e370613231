@dont @dont-take-no-for-an-answer
Feature: Don't always take no for an answer
  An initial “no” could mean many other things: it could mean “I’m very busy right now,” in
  which case you should simply offer to call at a more convenient time and schedule a follow up.

  Busy is not a no: with a time agreed, call back then; with none, offer a more convenient time a
  couple of business days later, and back off for a while after several busy answers in a row. A
  firm no pauses the relationship before a check-in; repeated firm noes close it.

  Background:
    Given Sam is a recruiter working on London time
    And Ada Lovelace was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Ada on Monday 2 March 2026 at 10:00
    And Sam emailed Ada about compilers on Monday 2 March 2026 at 11:00

  Scenario: Busy, with a time agreed: call back then, as agreed
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    Then the next step is to call Ada back on Monday 9 March 2026 at 17:30
    And the reason given is "Don't always take no for an answer"

  Scenario: A moved call is called back at the new time
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    And Ada asked on Monday 9 March 2026 at 12:00 to move the call to Tuesday 10 March 2026 at 08:15
    Then the next step is to call Ada back on Tuesday 10 March 2026 at 08:15

  Scenario: A time agreed in the candidate's time zone is kept exactly
    Given Grace Hopper, who lives in New York, was added to the pipeline on Monday 2 March 2026 at 09:00
    And Sam researched Grace on Monday 2 March 2026 at 10:00
    And Sam emailed Grace on Monday 2 March 2026 at 11:00
    And Grace was busy on Thursday 5 March 2026 at 15:00 and agreed to a call on Monday 9 March 2026 at 09:00 New York time
    Then the next step is to call Grace back on Monday 9 March 2026 at 09:00 New York time

  Scenario Outline: Busy, with no time agreed: offer a more convenient time, over the weekend
    Given the team offers a more convenient time <days> business days after a busy answer
    And Sam talked with Ada on the phone on <busy>
    And Ada was busy on <busy>
    Then the next step is to offer Ada a more convenient time on <offer>

    Examples:
      | days        | busy                           | offer                            |
      | the usual 2 | Thursday 5 March 2026 at 10:00 | Monday 9 March 2026 at 10:00     |
      | the usual 2 | Monday 9 March 2026 at 15:00   | Wednesday 11 March 2026 at 15:00 |
      | 1           | Friday 6 March 2026 at 15:00   | Monday 9 March 2026 at 15:00     |

  Scenario Outline: After several busy answers in a row, back off for a while
    Given the team backs off for <back off> days after <busy answers> busy answers in a row
    And Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:00
    And Sam talked with Ada on the phone on Monday 9 March 2026 at 10:00
    And Ada was busy on Monday 9 March 2026 at 10:00
    And Sam talked with Ada on the phone on Wednesday 11 March 2026 at 10:00
    And Ada was busy on Wednesday 11 March 2026 at 10:00
    Then the next step is to offer Ada a more convenient time on <offer>

    Examples:
      | back off     | busy answers | offer                            |
      | the usual 30 | the usual 3  | Friday 10 April 2026 at 10:00    |
      | 14           | the usual 3  | Wednesday 25 March 2026 at 10:00 |
      | the usual 30 | 4            | Friday 13 March 2026 at 10:00    |

  Scenario: Two busy answers in a row are still just busy
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:00
    And Sam talked with Ada on the phone on Monday 9 March 2026 at 10:00
    And Ada was busy on Monday 9 March 2026 at 10:00
    Then the next step is to offer Ada a more convenient time on Wednesday 11 March 2026 at 10:00

  Scenario Outline: A firm no pauses the relationship, then check in
    Given the team pauses <pause> days after a firm no
    And Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada said a firm no on Thursday 5 March 2026 at 10:00
    Then the next step is to check in with Ada on <check in>

    Examples:
      | pause         | check in                          |
      | the usual 180 | Tuesday 1 September 2026 at 10:00 |
      | 90            | Wednesday 3 June 2026 at 10:00    |

  Scenario: After checking in without an answer, keep in touch twice a year
    Given Ada said a firm no on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Tuesday 1 September 2026 at 10:00
    Then the next step is to keep in touch with Ada on Sunday 28 February 2027 at 10:00

  Scenario: Even someone you would hire is kept in touch with only twice a year after a no
    Given Sam met Ada at PyCon on Monday 2 March 2026 at 08:00 and would hire her
    And Ada said a firm no on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Tuesday 1 September 2026 at 10:00
    Then the next step is to keep in touch with Ada on Sunday 28 February 2027 at 10:00

  Scenario Outline: Repeated firm noes close the relationship
    Given the team closes the relationship after <noes> firm noes
    And Ada said a firm no on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Tuesday 1 September 2026 at 10:00
    And Ada said a firm no on Wednesday 2 September 2026 at 09:00
    Then <outcome>

    Examples:
      | noes        | outcome                                                               |
      | the usual 2 | the relationship with Ada is closed                                   |
      | 3           | the next step is to check in with Ada on Monday 1 March 2027 at 09:00 |

  Scenario: A reply between two firm noes keeps the relationship open
    Given Ada said a firm no on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Tuesday 1 September 2026 at 10:00
    And Ada replied on Tuesday 1 September 2026 at 18:00
    And Ada said a firm no on Wednesday 2 September 2026 at 09:00
    Then the next step is to check in with Ada on Monday 1 March 2027 at 09:00

  Scenario Outline: A busy answer left without a follow-up is reported once it is late
    Given the team allows <lateness> business days of lateness on a busy follow-up
    And Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:00
    When it is <now>
    Then the coaching report <shows> a dropped busy answer

    Examples:
      | lateness    | now                            | shows         |
      | the usual 5 | Monday 16 March 2026 at 09:59  | does not show |
      | the usual 5 | Monday 16 March 2026 at 10:00  | shows         |
      | 1           | Tuesday 10 March 2026 at 10:00 | shows         |

  Scenario: A busy answer followed up in time is not reported
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Wednesday 11 March 2026 at 09:00
    When it is Monday 30 March 2026 at 09:00
    Then the coaching report does not show a dropped busy answer

  Scenario Outline: An agreed call missed by more than an hour is reported
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    When it is <now>
    Then the coaching report <shows> a missed callback

    Examples:
      | now                          | shows         |
      | Monday 9 March 2026 at 18:29 | does not show |
      | Monday 9 March 2026 at 18:30 | shows         |

  Scenario: A call moved before its time is not a missed call
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    And Ada asked on Monday 9 March 2026 at 12:00 to move the call to Tuesday 10 March 2026 at 08:15
    When it is Tuesday 10 March 2026 at 08:00
    Then the coaching report does not show a missed callback

  Scenario: An agreed call made a little late is kept
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    And Sam talked with Ada on the phone on Monday 9 March 2026 at 18:15
    When it is Tuesday 10 March 2026 at 09:00
    Then the coaching report does not show a missed callback

  Scenario: Writing before the pause is over is not the check-in
    Given Ada said a firm no on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Monday 1 June 2026 at 10:00
    Then the next step is to check in with Ada on Tuesday 1 September 2026 at 10:00

  Scenario: Agreed calls come first on the agenda
    Given Grace Hopper was added to the pipeline on Monday 2 March 2026 at 08:00
    And Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    When it is Monday 9 March 2026 at 17:30
    Then the agenda lists Ada, then Grace

  Scenario: An agreed callback is never put aside
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05 and agreed to a call on Monday 9 March 2026 at 17:30
    And Sam put Ada aside until Monday 6 April 2026 at 09:00 because of a busy quarter, on Thursday 5 March 2026 at 11:00
    Then the next step is to call Ada back on Monday 9 March 2026 at 17:30

  Scenario: A busy answer recorded by mistake and withdrawn is as if never given
    Given Sam talked with Ada on the phone on Thursday 5 March 2026 at 10:00
    And Ada was busy on Thursday 5 March 2026 at 10:05
    And Sam withdrew the busy answer of Thursday 5 March 2026 at 10:05 with Ada, recorded by mistake, on Thursday 5 March 2026 at 11:00
    When it is Monday 23 March 2026 at 09:00
    Then the next step is to ask Ada what would make a move worthwhile on Thursday 5 March 2026 at 10:00
    And the coaching report does not show a dropped busy answer

  Scenario: No contact during the pause after a firm no
    Given Ada said a firm no on Thursday 5 March 2026 at 10:00
    When Sam emailed Ada about compilers on Monday 6 April 2026 at 10:00
    Then Sam is warned at once of contact during the pause
    And the coaching report shows contact during the pause by Sam with Ada on Monday 6 April 2026 at 10:00

  Scenario: After the pause, the check-in is no violation
    Given Ada said a firm no on Thursday 5 March 2026 at 10:00
    When Sam emailed Ada about compilers on Tuesday 8 September 2026 at 10:00
    Then Sam is not warned

  Scenario: No contact after the relationship was closed
    Given Ada said a firm no on Thursday 5 March 2026 at 10:00
    And Sam emailed Ada about compilers on Tuesday 8 September 2026 at 10:00
    And Ada said a firm no on Wednesday 9 September 2026 at 10:00
    When Sam emailed Ada about compilers on Monday 5 April 2027 at 10:00
    Then Sam is warned at once of contact after closing
    And the coaching report does not show contact during the pause
