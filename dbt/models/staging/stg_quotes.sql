with source as (
    select * from {{ source('news', 'quotes') }}
),

renamed as (
    select
        article_id,
        quote_idx,
        start_char,
        end_char,
        quote_text,
        kind,
        speaker,
        speaker_mention,
        speaker_start_char,
        speaker_end_char,
        speaker_actor_type,
        cue,
        sentence_idx,
        quotation_idx,
        closed
    from source
)

select * from renamed
