with source as (
    select * from {{ source('news', 'rejected_files') }}
),

renamed as (
    select
        source_file,
        source_record,
        reason,
        detected_at
    from source
)

select * from renamed
