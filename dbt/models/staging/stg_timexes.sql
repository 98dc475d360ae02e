with source as (
    select * from {{ source('news', 'timexes') }}
),

renamed as (
    select
        article_id,
        start_char,
        end_char,
        text as timex_text,
        timex_type,
        value as timex_value,
        mod as timex_mod,
        anchor_date,
        range_start,
        range_end,
        sentence_idx,
        granularity,
        is_relative,
        value in ('PRESENT_REF', 'PAST_REF', 'FUTURE_REF') as is_vague_reference,
        range_start is not null as is_calendar_resolved
    from source
)

select * from renamed
