//! The page's components, each named after what the user sees.

mod announcer;
mod app;
mod burst_field;
mod capability_list;
mod click_counter;
mod compare_view;
mod compositor_spinner;
mod crossing_toggle;
mod cssom_span;
mod embed;
mod embed_code;
mod export_buttons;
mod frame_counter;
mod glossary;
mod job_form;
mod last_run;
mod lesson_note;
mod live_meters;
mod loop_lag_meter;
mod meter_text;
mod mode_chips;
mod mode_picker;
mod number_field;
mod overheads;
mod phase_breakdown;
mod run_figures;
mod run_history;
mod run_progress;
mod serve_fields;
mod speedup_chart;
mod sweep_chart;
mod thread_timeline;
mod traffic_picture;
mod traffic_result;
mod worker_memory;

pub use app::App;
