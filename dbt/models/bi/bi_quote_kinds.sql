-- quotes_by_speaker with one row per (speaker, kind), so a chart can stack or split direct, partial and
-- indirect quotations by a column instead of three.
{{ config(materialized='view') }}

with speakers as (
    select * from {{ ref('quotes_by_speaker') }}
),

kinds as (
    select speaker, speaker_actor_type, 'direct' as kind, direct_quotes as quotes from speakers
    union all
    select speaker, speaker_actor_type, 'partial' as kind, partial_quotes as quotes from speakers
    union all
    select speaker, speaker_actor_type, 'indirect' as kind, indirect_quotes as quotes from speakers
)

select speaker, speaker_actor_type, kind, quotes
from kinds
where quotes > 0
